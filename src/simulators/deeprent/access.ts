import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { DeeprentOrg, OrgUser } from './data.js';

/**
 * Who is calling: an API key on /external/*, a session on /api/*. Keys are kept by
 * their SHA-256 so a lookup is a Map hit and the raw key exists only in the create
 * response, as the vendor shows it once.
 */
export interface ApiKeyRecord {
  id: string;
  name: string;
  description: string | null;
  createdAt: string;
  updatedAt: string;
  enabled: boolean;
  user: OrgUser;
}

export class ApiKeys {
  private readonly byHash = new Map<string, ApiKeyRecord>();
  private readonly byId = new Map<string, { record: ApiKeyRecord; hash: string }>();

  /** @param now the vendor's clock, for createdAt and updatedAt. */
  constructor(private readonly now: () => Date) {}

  /** Registers a key whose raw value is already known (the simulator's configured key). */
  add(rawKey: string, fields: { name: string; description: string | null; user: OrgUser }): ApiKeyRecord {
    const at = this.now().toISOString();
    const record: ApiKeyRecord = { id: `key_${randomUUID()}`, ...fields, createdAt: at, updatedAt: at, enabled: true };
    const hash = sha256(rawKey);
    this.byHash.set(hash, record);
    this.byId.set(record.id, { record, hash });
    return record;
  }

  create(fields: { name: string; description: string | null; user: OrgUser }): { record: ApiKeyRecord; key: string } {
    const key = `drk_${randomBytes(24).toString('base64url')}`;
    return { record: this.add(key, fields), key };
  }

  get(id: string): ApiKeyRecord | undefined {
    return this.byId.get(id)?.record;
  }

  list(): ApiKeyRecord[] {
    return [...this.byId.values()].map((entry) => entry.record);
  }

  revoke(id: string): boolean {
    const entry = this.byId.get(id);
    if (entry === undefined) return false;
    this.byId.delete(id);
    this.byHash.delete(entry.hash);
    return true;
  }

  /** The key sent as `x-api-key` or `Authorization: Bearer`, if it is a live one. */
  authenticate(request: FastifyRequest): ApiKeyRecord | undefined {
    const raw = headerValue(request, 'x-api-key') ?? bearer(request);
    if (raw === undefined || raw === '') return undefined;
    const record = this.byHash.get(sha256(raw));
    return record?.enabled === true ? record : undefined;
  }
}

export type SessionCheck =
  | { kind: 'ok'; user: OrgUser; isOwner: boolean }
  | { kind: 'unauthenticated' }
  | { kind: 'wrong-org'; orgId: string };

/** Session tokens of the two people in the organization. */
export interface SessionTokens {
  owner: string;
  member: string;
}

/** A session from `Authorization: Bearer <token>` or the `session` cookie; `x-org-id` must name our org when sent. */
export function checkSession(request: FastifyRequest, tokens: SessionTokens, org: DeeprentOrg): SessionCheck {
  const token = bearer(request) ?? sessionCookie(request);
  const user = token === tokens.owner ? org.owner : token === tokens.member ? org.member : undefined;
  if (user === undefined) return { kind: 'unauthenticated' };
  const orgId = headerValue(request, 'x-org-id');
  if (orgId !== undefined && orgId !== org.orgId) return { kind: 'wrong-org', orgId };
  return { kind: 'ok', user, isOwner: user === org.owner };
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function bearer(request: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '');
  return match?.[1]?.trim();
}

function sessionCookie(request: FastifyRequest): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === 'session') return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
