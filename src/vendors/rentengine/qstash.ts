import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * QStash request signing, as RentEngine's deliveries carry it: `Upstash-Signature` is a
 * JWT (HS256) signed with the current or the next signing key, with claims iss
 * "Upstash", exp/nbf, and `body` = base64url(SHA-256 of the raw body). Checked with
 * node:crypto because the whole check is one HMAC and four claims; a JWT library would
 * add a dependency for no extra safety here. The `sub` claim (the destination URL) is
 * not compared: behind a proxy the gateway cannot know the URL QStash was given.
 */
export interface QstashCheck {
  /** Current key first, then next (the rotation order QStash documents). */
  signingKeys: readonly string[];
  /** Clock skew allowed on exp/nbf, in seconds. Default 60. */
  toleranceSeconds?: number;
  nowMillis?: number;
}

const unpadded = (text: string) => text.replace(/=+$/, '');

function parseJson(segment: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Null when the signature is valid for this body; else what was wrong with it. */
export function checkQstashSignature(jwt: string, rawBody: Buffer, check: QstashCheck): string | null {
  const parts = jwt.split('.');
  if (parts.length !== 3) return 'expected Upstash-Signature to be a JWT (three dot-separated parts)';
  const [header, payload, signature] = parts as [string, string, string];
  const head = parseJson(header);
  if (head === null || head['alg'] !== 'HS256') return `expected an HS256 JWT in Upstash-Signature, got alg ${JSON.stringify(head?.['alg'] ?? null)}`;
  const received = Buffer.from(signature, 'base64url');
  const signedWith = check.signingKeys.find((key) => {
    const expected = createHmac('sha256', key).update(`${header}.${payload}`).digest();
    return expected.length === received.length && timingSafeEqual(expected, received);
  });
  if (signedWith === undefined) return 'Upstash-Signature is not signed with the configured QStash signing keys';
  const claims = parseJson(payload);
  if (claims === null) return 'Upstash-Signature has no readable claims';
  if (claims['iss'] !== 'Upstash') return `expected Upstash-Signature issuer "Upstash", got ${JSON.stringify(claims['iss'] ?? null)}`;
  const now = (check.nowMillis ?? Date.now()) / 1000;
  const tolerance = check.toleranceSeconds ?? 60;
  if (typeof claims['exp'] !== 'number' || claims['exp'] + tolerance < now) return 'Upstash-Signature has expired';
  if (typeof claims['nbf'] === 'number' && claims['nbf'] - tolerance > now) return 'Upstash-Signature is not valid yet';
  const bodyHash = createHash('sha256').update(rawBody).digest('base64url');
  if (typeof claims['body'] !== 'string' || unpadded(claims['body']) !== unpadded(bodyHash)) return 'Upstash-Signature was made for a different body';
  return null;
}

/** Signs like QStash does; for tests and for the simulators' operators. */
export function signQstash(key: string, rawBody: string | Buffer, claims: { sub?: string; nowMillis?: number; ttlSeconds?: number } = {}): string {
  const now = Math.floor((claims.nowMillis ?? Date.now()) / 1000);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = encode({ alg: 'HS256', typ: 'JWT' });
  const payload = encode({
    iss: 'Upstash',
    sub: claims.sub ?? '',
    exp: now + (claims.ttlSeconds ?? 300),
    nbf: now,
    iat: now,
    jti: `jwt_${now}`,
    body: createHash('sha256').update(rawBody).digest('base64url'),
  });
  const signature = createHmac('sha256', key).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}
