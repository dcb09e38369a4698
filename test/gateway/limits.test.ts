import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUERY_LIMITS } from '../../src/limits.js';
import { startTestApp, type TestApp } from '../utils/app.js';

describe('query limits', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  // A refused document is 400 for a client that accepts application/graphql-response+json,
  // 200 (errors, no data) for a legacy application/json client.
  const expectRejectedWithoutVendorCalls = async (query: string, message: RegExp) => {
    for (const sim of app.simulators) sim.server.resetStats();
    for (const [accept, expected] of [['application/graphql-response+json', 400], ['application/json', 200]] as const) {
      const { status, data, errors } = await app.graphql(query, undefined, { accept });
      expect(status).toBe(expected);
      expect(data).toBeNull();
      expect(errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
      expect(errors?.[0]?.message).toMatch(message);
      expect(errors?.[0]?.message).not.toMatch(/^Syntax Error/);
    }
    for (const sim of app.simulators) expect(sim.server.stats().total).toBe(0);
  };

  it('rejects a depth-20 query before any vendor call', async () => {
    let selection = 'id';
    for (let i = 0; i < 9; i++) selection = `leases { unit { ${selection} } }`;
    await expectRejectedWithoutVendorCalls(`{ units(first: 1) { edges { node { ${selection} } } } }`, /depth/i);
  });

  it('rejects too many aliases before any vendor call', async () => {
    const aliases = Array.from({ length: QUERY_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: vendors { vendor }`).join(' ');
    await expectRejectedWithoutVendorCalls(`{ ${aliases} }`, /alias/i);
  });

  it('rejects too many directives before any vendor call', async () => {
    const directives = Array.from({ length: QUERY_LIMITS.maxDirectives + 1 }, () => '@include(if: true)').join(' ');
    await expectRejectedWithoutVendorCalls(`{ vendors ${directives} { vendor } }`, /directives/i);
  });

  it('rejects a document of too many tokens while parsing, as the client\'s syntax error', async () => {
    const fields = Array.from({ length: QUERY_LIMITS.maxTokens }, () => '__typename').join(' ');
    for (const [accept, expected] of [['application/graphql-response+json', 400], ['application/json', 200]] as const) {
      const { status, errors } = await app.graphql(`{ ${fields} }`, undefined, { accept });
      expect(status).toBe(expected);
      expect(errors).toEqual([expect.objectContaining({ message: expect.stringMatching(new RegExp(`^Syntax Error: Document contains more .* ${QUERY_LIMITS.maxTokens} tokens`)), extensions: { code: 'BAD_USER_INPUT' } })]);
    }
  });

  it('rejects a query whose lists could return too much, counting `first`', async () => {
    await expectRejectedWithoutVendorCalls(
      '{ units(first: 500) { edges { node { leases { tenants { leases { tenants { name } } } } } } } }',
      /query cost \d+ exceeds the limit of 250000/,
    );
  });

  it('accepts the reference page of 100 units with leases and tenants', async () => {
    const { status, errors } = await app.graphql('{ units(first: 100) { edges { node { id leases { status tenants { name email } } } } } }');
    expect(status).toBe(200);
    expect(errors).toBeUndefined();
  });
});
