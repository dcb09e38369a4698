import { timingSafeEqual } from 'node:crypto';
import type { GraphQLError } from 'graphql';
import { userError } from '../errors.js';
import { keyDigest, readKeyEntries, type KeyEntry } from './keys-file.js';
import { LOOPBACK_CLIENT, type Client } from './scopes.js';

/**
 * The keys a gateway accepts now. Read at start (a bad file stops start-up) and again on
 * `reload()` (SIGHUP): a good file replaces the keys at once, for every request that
 * starts afterwards; a bad one keeps the keys in force. With no key configured at all
 * (neither RENTGRAPH_API_KEYS nor RENTGRAPH_API_KEYS_FILE) only loopback clients are
 * served, as the `loopback` client with every scope.
 *
 * A key is looked up by its SHA-256 digest, compared with every configured digest in
 * constant time and without stopping at a match, so timing tells neither a key, nor
 * its length, nor which entry it matched.
 */
export interface ClientCredentials {
  authorization?: unknown;
  apiKey?: unknown;
  remoteAddress: string | undefined;
}

/** Who a client is, with the digest of the key it showed (null in loopback-only mode). */
export interface Authenticated {
  client: Client;
  digest: Buffer | null;
}

export interface ReloadOutcome {
  names: string[];
  added: string[];
  removed: string[];
  /** Names whose key or scopes changed. */
  changed: string[];
}

export interface Keyring {
  /** False in loopback-only mode: no key of either source configured. */
  readonly configured: boolean;
  /** The client, or the UNAUTHENTICATED error to answer with. */
  authenticate(credentials: ClientCredentials): Authenticated | GraphQLError;
  /** The client whose key has this digest now; null when that key is no longer accepted. */
  clientOfDigest(digest: Buffer): Client | null;
  /** Names of the keys in force. */
  names(): string[];
  /** Reads the keys file again; throws KeyFileError (keeping the keys in force) when it is bad. */
  reload(): ReloadOutcome;
  /** Told after every reload that changed the keys. */
  onChange(listener: () => void): () => void;
}

function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  return address === '::1' || /^(::ffff:)?127\./.test(address);
}

/** The key a client showed: `Authorization: Bearer <key>`, else `x-api-key`; undefined when none. */
function presentedKey(credentials: ClientCredentials): string | undefined {
  const { authorization, apiKey } = credentials;
  const bearer = typeof authorization === 'string' && /^Bearer\s+/i.test(authorization) ? authorization.replace(/^Bearer\s+/i, '').trim() : undefined;
  const given = bearer ?? (typeof apiKey === 'string' ? apiKey.trim() : undefined);
  return given === '' ? undefined : given;
}

/** The entry with this digest, compared against every entry in constant time. */
function entryOf(entries: readonly KeyEntry[], digest: Buffer): KeyEntry | undefined {
  let found: KeyEntry | undefined;
  for (const entry of entries) {
    const equal = timingSafeEqual(digest, entry.digest);
    found = equal ? entry : found;
  }
  return found;
}

const clientOf = (entry: KeyEntry): Client => Object.freeze({ name: entry.name, scopes: entry.scopes });

export interface KeyringOptions {
  envKeys: readonly string[];
  /** RENTGRAPH_API_KEYS_FILE; null = none. */
  filePath: string | null;
}

export function createKeyring(options: KeyringOptions): Keyring {
  const { envKeys, filePath } = options;
  let entries = readKeyEntries(envKeys, filePath);
  const configured = envKeys.length > 0 || filePath !== null;
  const listeners = new Set<() => void>();
  return {
    configured,
    authenticate(credentials) {
      if (!configured) {
        return isLoopback(credentials.remoteAddress)
          ? { client: LOOPBACK_CLIENT, digest: null }
          : userError('UNAUTHENTICATED', 'this gateway has no client keys configured (RENTGRAPH_API_KEYS or RENTGRAPH_API_KEYS_FILE), so it serves loopback clients only');
      }
      const given = presentedKey(credentials);
      if (given === undefined) return userError('UNAUTHENTICATED', 'expected an API key in `Authorization: Bearer <key>` or `x-api-key`, got none');
      const digest = keyDigest(given);
      const entry = entryOf(entries, digest);
      return entry === undefined ? userError('UNAUTHENTICATED', 'the API key is not one this gateway accepts') : { client: clientOf(entry), digest };
    },
    clientOfDigest(digest) {
      const entry = entryOf(entries, digest);
      return entry === undefined ? null : clientOf(entry);
    },
    names: () => entries.map((entry) => entry.name),
    reload() {
      const next = readKeyEntries(envKeys, filePath);
      const before = new Map(entries.map((entry) => [entry.name, entry]));
      const after = new Map(next.map((entry) => [entry.name, entry]));
      const outcome: ReloadOutcome = {
        names: next.map((entry) => entry.name),
        added: next.filter((entry) => !before.has(entry.name)).map((entry) => entry.name),
        removed: entries.filter((entry) => !after.has(entry.name)).map((entry) => entry.name),
        changed: next
          .filter((entry) => {
            const old = before.get(entry.name);
            return old !== undefined && (!old.digest.equals(entry.digest) || old.scopes.join() !== entry.scopes.join());
          })
          .map((entry) => entry.name),
      };
      entries = next;
      if (outcome.added.length + outcome.removed.length + outcome.changed.length > 0) for (const listener of listeners) listener();
      return outcome;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
