import { createHash } from 'node:crypto';
import { readJsonFile } from './json-file.js';
import { isScope, SCOPES, type Scope } from './scopes.js';

/**
 * The client keys a gateway accepts: RENTGRAPH_API_KEYS (every scope, named key-1,
 * key-2, ... in the order given) and RENTGRAPH_API_KEYS_FILE, a JSON list of
 *
 *   { "name": "dashboard", "sha256": "<64 lowercase hex>", "scopes": ["READ", "SUBSCRIBE"] }
 *   { "name": "leasing-tool", "key": "<the key itself>", "scopes": ["READ", "WRITE"] }
 *
 * where `sha256` is the hex SHA-256 of the key, so the file need not hold it. Only the
 * digest of each key is kept in memory. Anything wrong is a KeyFileError whose message
 * is one line naming the entry and what is wrong, and never shows a key.
 */
export interface KeyEntry {
  readonly name: string;
  /** SHA-256 of the key. */
  readonly digest: Buffer;
  readonly scopes: readonly Scope[];
}

export class KeyFileError extends Error {
  override readonly name = 'KeyFileError';
}

/** Keys are at least this long, as RENTGRAPH_API_KEYS asks. */
export const MIN_KEY_LENGTH = 16;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._@:-]{0,63}$/;
const NAME_FORM = '1 to 64 characters from A-Z a-z 0-9 . _ @ : - starting with a letter or digit';
const SHA256_HEX = /^[0-9a-f]{64}$/;
const FIELDS = new Set(['name', 'key', 'sha256', 'scopes']);
const FORM = 'a JSON list of {"name", "key" or "sha256", "scopes"}';

export const keyDigest = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

/** Names given to RENTGRAPH_API_KEYS's keys: key-1, key-2, ... */
export const envKeyName = (index: number): string => `key-${index + 1}`;

const shownValue = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
};

function entryOf(raw: unknown, index: number): KeyEntry {
  const label = (name?: unknown) => `entry ${index + 1}${typeof name === 'string' ? ` (${JSON.stringify(name.slice(0, 64))})` : ''}`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new KeyFileError(`${label()}: expected an object {"name", "key" or "sha256", "scopes"}, got ${shownValue(raw)}`);
  const record = raw as Record<string, unknown>;
  const at = label(record['name']);
  const unknown = Object.keys(record).find((field) => !FIELDS.has(field));
  if (unknown !== undefined) throw new KeyFileError(`${at}: expected only the fields name, key or sha256, and scopes, got ${JSON.stringify(unknown)}`);
  const { name, key, sha256, scopes } = record;
  if (typeof name !== 'string' || !NAME.test(name)) throw new KeyFileError(`${at}: expected "name" to be ${NAME_FORM}, got ${shownValue(name)}`);
  if ((key === undefined) === (sha256 === undefined)) throw new KeyFileError(`${at}: expected exactly one of "key" and "sha256", got ${key === undefined ? 'neither' : 'both'}`);
  let digest: Buffer;
  if (key !== undefined) {
    // The key is never shown, only what is wrong with its form.
    if (typeof key !== 'string') throw new KeyFileError(`${at}: expected "key" to be a string, got a ${Array.isArray(key) ? 'list' : typeof key}`);
    if (key.length < MIN_KEY_LENGTH) throw new KeyFileError(`${at}: expected "key" to be at least ${MIN_KEY_LENGTH} characters, got ${key.length}`);
    if (key.trim() !== key || /[\s,]/.test(key)) throw new KeyFileError(`${at}: expected "key" without spaces or commas (clients send it in a header), got a key that has some`);
    digest = keyDigest(key);
  } else {
    if (typeof sha256 !== 'string' || !SHA256_HEX.test(sha256)) {
      throw new KeyFileError(`${at}: expected "sha256" to be the key's SHA-256 as 64 lowercase hex digits (e.g. printf %s "$KEY" | sha256sum), got ${typeof sha256 === 'string' ? `${sha256.length} characters of another form` : shownValue(sha256)}`);
    }
    digest = Buffer.from(sha256, 'hex');
  }
  if (!Array.isArray(scopes) || scopes.length === 0 || !scopes.every(isScope)) {
    throw new KeyFileError(`${at}: expected "scopes" to be a non-empty list of ${SCOPES.join(', ')}, got ${shownValue(scopes)}`);
  }
  return { name, digest, scopes: SCOPES.filter((scope) => scopes.includes(scope)) };
}

/** Every key from both sources, checked: names and keys are unique across them. */
export function keyEntriesOf(envKeys: readonly string[], file: unknown | undefined): KeyEntry[] {
  const entries: KeyEntry[] = envKeys.map((key, index) => ({ name: envKeyName(index), digest: keyDigest(key), scopes: SCOPES }));
  if (file !== undefined) {
    if (!Array.isArray(file)) throw new KeyFileError(`expected ${FORM}, got ${file === null ? 'null' : `a JSON ${typeof file}`}`);
    file.forEach((raw, index) => {
      const entry = entryOf(raw, index);
      const sameName = entries.find((other) => other.name === entry.name);
      if (sameName !== undefined) {
        const taken = entries.indexOf(sameName) < envKeys.length ? ' by a key of RENTGRAPH_API_KEYS, which are named key-1, key-2, ...' : '';
        throw new KeyFileError(`entry ${index + 1} (${JSON.stringify(entry.name)}): expected a name no other key has, got one already taken${taken}`);
      }
      const sameKey = entries.find((other) => other.digest.equals(entry.digest));
      if (sameKey !== undefined) throw new KeyFileError(`entry ${index + 1} (${JSON.stringify(entry.name)}): expected a key no other entry has, got the key of ${JSON.stringify(sameKey.name)}`);
      entries.push(entry);
    });
  }
  return entries;
}

/** Reads and checks RENTGRAPH_API_KEYS_FILE together with RENTGRAPH_API_KEYS. */
export function readKeyEntries(envKeys: readonly string[], path: string | null): KeyEntry[] {
  if (path === null) return keyEntriesOf(envKeys, undefined);
  // The file may hold keys: a parse error's quote of its text is not shown.
  const parsed = readJsonFile(path, FORM, (message) => new KeyFileError(message), false);
  return keyEntriesOf(envKeys, parsed);
}
