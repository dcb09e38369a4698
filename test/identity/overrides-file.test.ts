import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { OverridesError } from '../../src/identity/overrides.js';
import { readOverridesFile } from '../../src/identity/overrides-file.js';
import { createServices } from '../../src/app.js';
import { silentLogger } from './fakeSources.js';

describe('the overrides file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rentgraph-overrides-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('reads links and unlinks', () => {
    const path = file('good.json', '{"link": [["RENTROLL:1", "LEASEY:2"]]}');
    expect(readOverridesFile(path)).toEqual({ link: [['RENTROLL:1', 'LEASEY:2']], unlink: [] });
  });

  it('names the file and the problem when it is missing or bad', () => {
    expect(() => readOverridesFile(join(dir, 'missing.json'))).toThrow(OverridesError);
    expect(() => readOverridesFile(join(dir, 'missing.json'))).toThrow(/missing\.json is not a valid overrides file:\n {2}- expected a readable JSON file, got ENOENT/);
    expect(() => readOverridesFile(file('bad.json', '{"link": [["RENTROLL:1"]]}'))).toThrow(/bad\.json is not a valid overrides file/);
  });

  it('stops start-up with a message naming RENTGRAPH_OVERRIDES', async () => {
    const config = loadConfig({ RENTGRAPH_DB: join(dir, 'db.sqlite'), RENTGRAPH_SIMULATORS: 'off', RENTGRAPH_OVERRIDES: file('worse.json', 'not json') });
    await expect(createServices(config, silentLogger, {})).rejects.toThrow(ConfigError);
    await expect(createServices(config, silentLogger, {})).rejects.toThrow(/^RENTGRAPH_OVERRIDES: .*worse\.json is not a valid overrides file:\n {2}- expected JSON, got a syntax error/);
  });
});
