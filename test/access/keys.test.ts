import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { keyEntriesOf, KeyFileError, readKeyEntries } from '../../src/access/keys-file.js';
import { startTestApp, type TestApp } from '../utils/app.js';
import { startCli } from '../gateway/process.js';
import { entry, post, sha256Hex, tempFolder } from './support.js';

const KEY = 'dashboard-key-7c1e9b04f2a6';
const OTHER = 'leasing-tool-key-2d8f5a3e91';

/** The message keyEntriesOf refuses these entries with. */
function refusal(entries: unknown, envKeys: string[] = []): string {
  try {
    keyEntriesOf(envKeys, entries);
  } catch (error) {
    expect(error).toBeInstanceOf(KeyFileError);
    return (error as Error).message;
  }
  throw new Error('expected the entries to be refused');
}

describe('the keys file', () => {
  it('keeps names and scopes, and a digest for keys given in plain text or by SHA-256', () => {
    const entries = keyEntriesOf(['env-key-0123456789abcdef'], [entry('dashboard', KEY, ['SUBSCRIBE', 'READ'], true), entry('tool', OTHER, ['WRITE'])]);
    expect(entries.map(({ name, scopes }) => ({ name, scopes }))).toEqual([
      { name: 'key-1', scopes: ['READ', 'SUBSCRIBE', 'WRITE', 'ADMIN'] },
      { name: 'dashboard', scopes: ['READ', 'SUBSCRIBE'] },
      { name: 'tool', scopes: ['WRITE'] },
    ]);
    expect(entries[1]!.digest.toString('hex')).toBe(sha256Hex(KEY));
    expect(entries[2]!.digest.toString('hex')).toBe(sha256Hex(OTHER));
  });

  it('refuses each wrong entry in one line naming the entry and what is wrong, never showing a key', () => {
    const cases: [unknown, RegExp][] = [
      [{ name: 'x' }, /^expected a JSON list of \{"name", "key" or "sha256", "scopes"\}, got a JSON object$/],
      [['dashboard'], /^entry 1: expected an object .*got "dashboard"$/],
      [[{ key: KEY, scopes: ['READ'] }], /^entry 1: expected "name" to be 1 to 64 characters .*got nothing$/],
      [[{ name: 'has space', key: KEY, scopes: ['READ'] }], /^entry 1 \("has space"\): expected "name" to be/],
      [[{ name: 'a', scopes: ['READ'] }], /^entry 1 \("a"\): expected exactly one of "key" and "sha256", got neither$/],
      [[{ name: 'a', key: KEY, sha256: sha256Hex(KEY), scopes: ['READ'] }], /^entry 1 \("a"\): expected exactly one of "key" and "sha256", got both$/],
      [[{ name: 'a', key: 'short-key', scopes: ['READ'] }], /^entry 1 \("a"\): expected "key" to be at least 16 characters, got 9$/],
      [[{ name: 'a', key: `${KEY} x`, scopes: ['READ'] }], /^entry 1 \("a"\): expected "key" without spaces or commas/],
      [[{ name: 'a', sha256: sha256Hex(KEY).toUpperCase(), scopes: ['READ'] }], /^entry 1 \("a"\): expected "sha256" to be the key's SHA-256 as 64 lowercase hex digits .*got 64 characters of another form$/],
      [[entry('a', KEY, ['READ']), { name: 'b', key: OTHER, scopes: ['READ', 'WRTIE'] }], /^entry 2 \("b"\): expected "scopes" to be a non-empty list of READ, SUBSCRIBE, WRITE, ADMIN, got \["READ","WRTIE"\]$/],
      [[{ name: 'a', key: KEY, scopes: [] }], /^entry 1 \("a"\): expected "scopes" to be a non-empty list/],
      [[{ name: 'a', key: KEY, scope: ['READ'] }], /^entry 1 \("a"\): expected only the fields name, key or sha256, and scopes, got "scope"$/],
      [[entry('a', KEY, ['READ']), entry('a', OTHER, ['READ'])], /^entry 2 \("a"\): expected a name no other key has, got one already taken$/],
      [[entry('a', KEY, ['READ']), entry('b', KEY, ['WRITE'], true)], /^entry 2 \("b"\): expected a key no other entry has, got the key of "a"$/],
    ];
    for (const [entries, expected] of cases) {
      const message = refusal(entries);
      expect(message).toMatch(expected);
      expect(message).not.toContain('\n');
      expect(message).not.toContain(KEY);
    }
    expect(refusal([entry('key-2', KEY, ['READ'])], ['env-key-0123456789abcdef', 'env-key-fedcba9876543210'])).toMatch(/^entry 1 \("key-2"\): expected a name no other key has, got one already taken by a key of RENTGRAPH_API_KEYS/);
  });

  it('says a file it cannot read or parse is so, without quoting its text', () => {
    const files = tempFolder();
    try {
      expect(() => readKeyEntries([], files.path('missing.json'))).toThrow(/^cannot read .*missing\.json: ENOENT$/);
      const path = files.write('broken.json', `[{"name": "a", "key": "${KEY}"`);
      expect(() => readKeyEntries([], path)).toThrow(/^expected a JSON list .* got text that is not JSON$/);
      expect(() => readKeyEntries([], path)).not.toThrow(KEY);
    } finally {
      files.remove();
    }
  });
});

describe('keys at start', () => {
  const files = tempFolder();
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      rentrollUnits: 20,
      env: { RENTGRAPH_API_KEYS: 'env-key-0123456789abcdef,env-key-fedcba9876543210', RENTGRAPH_API_KEYS_FILE: files.write('keys.json', [entry('dashboard', KEY, ['READ', 'SUBSCRIBE'], true)]) },
    });
  });
  afterAll(async () => {
    await app?.close();
    files.remove();
  });

  it('names RENTGRAPH_API_KEYS keys key-1, key-2 with every scope, beside the file\'s keys', async () => {
    const viewer = async (key: string) => (await post(app, { query: '{ viewer { name scopes } }' }, { 'x-api-key': key })).body.data;
    expect(await viewer('env-key-fedcba9876543210')).toEqual({ viewer: { name: 'key-2', scopes: ['READ', 'SUBSCRIBE', 'WRITE', 'ADMIN'] } });
    expect(await viewer(KEY)).toEqual({ viewer: { name: 'dashboard', scopes: ['READ', 'SUBSCRIBE'] } });
    expect((await post(app, { query: '{ viewer { name } }' }, { 'x-api-key': sha256Hex(KEY) })).status).toBe(401);
  });

  it('stops start-up on a bad file with one line naming the variable and the entry', async () => {
    const path = files.write('bad.json', [entry('dashboard', KEY, ['READ']), { name: 'tool', key: OTHER, scopes: ['EVERYTHING'] }]);
    const started = startTestApp({ rentrollUnits: 20, env: { RENTGRAPH_API_KEYS_FILE: path } });
    await expect(started).rejects.toThrow(ConfigError);
    await expect(started).rejects.toThrow(/^RENTGRAPH_API_KEYS_FILE: entry 2 \("tool"\): expected "scopes" to be a non-empty list of READ, SUBSCRIBE, WRITE, ADMIN, got \["EVERYTHING"\]$/);
  });

  it('makes `rentgraph serve` exit 1 with that one line on a bad file', async () => {
    const cli = startCli('serve', [], { PORT: '0', RENTGRAPH_API_KEYS_FILE: files.write('bad-cli.json', [{ name: 'tool', sha256: 'abc', scopes: ['READ'] }]) });
    try {
      const { code } = await cli.exited;
      expect(code).toBe(1);
      expect(cli.stderr().trim()).toMatch(/^rentgraph: RENTGRAPH_API_KEYS_FILE: entry 1 \("tool"\): expected "sha256" to be the key's SHA-256 as 64 lowercase hex digits .*got 3 characters of another form$/);
    } finally {
      await cli.dispose();
    }
  }, 60_000);
});
