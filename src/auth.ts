import { timingSafeEqual, createHash } from 'node:crypto';
import { userError } from './errors.js';
import type { GraphQLError } from 'graphql';

/**
 * Client authentication (RENTGRAPH_API_KEYS). A key comes as `Authorization: Bearer`,
 * `x-api-key`, or the same names in graphql-ws connectionParams. With no keys
 * configured only loopback clients are served.
 */
export interface ClientCredentials {
  authorization?: unknown;
  apiKey?: unknown;
  remoteAddress: string | undefined;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  return address === '::1' || /^(::ffff:)?127\./.test(address);
}

/** Null when the client may proceed; else the UNAUTHENTICATED error to answer with. */
export function authenticate(keys: readonly string[], credentials: ClientCredentials): GraphQLError | null {
  if (keys.length === 0) {
    return isLoopback(credentials.remoteAddress)
      ? null
      : userError('UNAUTHENTICATED', 'this gateway has no RENTGRAPH_API_KEYS configured, so it serves loopback clients only');
  }
  const bearer = typeof credentials.authorization === 'string' && /^Bearer\s+/i.test(credentials.authorization)
    ? credentials.authorization.replace(/^Bearer\s+/i, '').trim()
    : undefined;
  const given = bearer ?? (typeof credentials.apiKey === 'string' ? credentials.apiKey.trim() : undefined);
  if (given === undefined || given === '') {
    return userError('UNAUTHENTICATED', 'expected an API key in `Authorization: Bearer <key>` or `x-api-key`, got none');
  }
  // Compare digests so timing reveals neither the key nor its length.
  const givenDigest = digest(given);
  let match = false;
  for (const key of keys) match = timingSafeEqual(givenDigest, digest(key)) || match;
  return match ? null : userError('UNAUTHENTICATED', 'the API key is not one this gateway accepts');
}
