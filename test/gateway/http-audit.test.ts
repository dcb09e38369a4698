import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditServer, type AuditRequirement, type AuditResult } from 'graphql-http';
import { startTestApp, type TestApp } from '../utils/app.js';

const KEY = 'audit-client-key-0123456789';

/** Per requirement level: audits run and audits passed. */
function tally(results: readonly AuditResult[]): Record<AuditRequirement, { ok: number; of: number }> {
  const counts = { MUST: { ok: 0, of: 0 }, SHOULD: { ok: 0, of: 0 }, MAY: { ok: 0, of: 0 } };
  for (const result of results) {
    const level = counts[result.name.split(' ')[0] as AuditRequirement];
    level.of++;
    if (result.status === 'ok') level.ok++;
  }
  return counts;
}

/**
 * graphql-http's server audit of the GraphQL over HTTP spec, against the real gateway:
 * every MUST and SHOULD passes (a failed MUST is an `error`, a failed SHOULD a `warn`);
 * a failed MAY is a `notice`, printed but allowed.
 */
async function expectConformant(url: string, fetchFn: typeof fetch, label: string): Promise<void> {
  const results = await auditServer({ url, fetchFn });
  const counts = tally(results);
  const notices = results.filter((result) => result.status === 'notice').map((result) => result.name);
  console.log(`graphql-http audit (${label}): MUST ${counts.MUST.ok}/${counts.MUST.of}, SHOULD ${counts.SHOULD.ok}/${counts.SHOULD.of}, MAY ${counts.MAY.ok}/${counts.MAY.of}${notices.length > 0 ? `; not done: ${notices.join('; ')}` : ''}`);
  const failures = results.filter((result) => result.status === 'warn' || result.status === 'error').map((result) => `${result.name}: ${'reason' in result ? result.reason : ''}`);
  expect(failures).toEqual([]);
  expect(counts.MUST.of).toBeGreaterThan(0);
  expect(counts.SHOULD.of).toBeGreaterThan(0);
}

describe('GraphQL over HTTP conformance', () => {
  let open: TestApp;
  let keyed: TestApp;
  beforeAll(async () => {
    [open, keyed] = await Promise.all([startTestApp(), startTestApp({ env: { RENTGRAPH_API_KEYS: KEY } })]);
  });
  afterAll(async () => {
    await Promise.all([open.close(), keyed.close()]);
  });

  it('passes every MUST and SHOULD audit for a loopback client', async () => {
    await expectConformant(`${open.url}/graphql`, fetch, 'loopback, no keys');
  });

  it('passes every MUST and SHOULD audit for a client that sends its key', async () => {
    const withKey: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set('x-api-key', KEY);
      return fetch(input, { ...init, headers });
    };
    await expectConformant(`${keyed.url}/graphql`, withKey, 'client keys');
  });
});
