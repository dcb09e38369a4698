import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestApp, type GraphQLResponse, type TestApp } from '../utils/app.js';
import { createTestDatabase } from '../utils/postgres.js';
import { bearer, keysFileEntries, tempFolder, type KeyName } from '../access/support.js';

interface Source { vendor: string; externalId: string; matchedBy: string | null }
interface UnitAnswer { id: string; sources: Source[] }

const UNIT_FIELDS = 'id sources { vendor externalId matchedBy }';
const UNITS = `{ units(first: 200) { edges { node { ${UNIT_FIELDS} } } } }`;
const NODE = `query ($id: ID!) { node(id: $id) { ... on Unit { ${UNIT_FIELDS} } } }`;
const LINK = `mutation ($records: [SourceInput!]!) { linkRecords(records: $records) { ${UNIT_FIELDS} } }`;
const UNLINK = `mutation ($record: SourceInput!) { unlinkRecord(record: $record) { ${UNIT_FIELDS} } }`;
const CLEAR = `mutation ($record: SourceInput!) { clearIdentityOverride(record: $record) { ${UNIT_FIELDS} } }`;
const AUDIT = `query ($operation: String) {
  auditLog(first: 20, filter: { operation: $operation }) { edges { node { client operation input outcome } } }
}`;

const ref = (source: Pick<Source, 'vendor' | 'externalId'>) => ({ vendor: source.vendor, externalId: source.externalId });
const refsOf = (unit: UnitAnswer) => unit.sources.map((s) => `${s.vendor}:${s.externalId}`).sort();
const label = (source: Pick<Source, 'vendor' | 'externalId'>) => `${source.vendor}:${source.externalId}`;

// Identity changes are stored with the index: on both engines, across a restart and syncs.
describe.each(['sqlite', 'postgres'] as const)('identity changes through the graph on %s', (engine) => {
  const files = tempFolder();
  const overridesPath = files.write('overrides.json', { link: [], unlink: [] });
  let env: Record<string, string>;
  let app: TestApp;
  /** A unit of three vendors' records, led by the rent roll's; the unit links join it. */
  let keeper: UnitAnswer;
  /** Two units of one lower-ranked record each. */
  let joiner: UnitAnswer;
  let stranger: UnitAnswer;
  /** The best-ranked unit of all (units list in ref order), which a merge keeps the id of. */
  let leader: UnitAnswer;

  const as = async <T>(key: KeyName, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> => app.graphql<T>(query, variables, bearer(key));
  const units = async () => (await as<{ units: { edges: { node: UnitAnswer }[] } }>('reader', UNITS)).data!.units.edges.map((e) => e.node);
  const node = async (id: string) => (await as<{ node: UnitAnswer | null }>('reader', NODE, { id })).data!.node;
  const start = async () => {
    app = await startTestApp({ rentrollUnits: 30, env });
  };
  const restart = async () => {
    await app.close();
    await start();
  };

  beforeAll(async () => {
    const store = engine === 'sqlite' ? { RENTGRAPH_DB: files.path('gateway.sqlite') } : { RENTGRAPH_DATABASE_URL: await createTestDatabase(inject('postgresAdminUrl')) };
    env = { ...store, RENTGRAPH_API_KEYS_FILE: files.write('keys.json', keysFileEntries(['reader', 'admin'])), RENTGRAPH_OVERRIDES: overridesPath };
    await start();
    await app.services.readModel.run();
    const all = await units();
    keeper = all.find((u) => u.sources.length === 3 && u.sources[0]!.vendor === 'RENTROLL')!;
    const singles = all.filter((u) => u.sources.length === 1 && u.sources[0]!.vendor !== 'RENTROLL');
    [joiner, stranger] = [singles[0]!, singles[1]!];
    leader = all[0]!;
    expect([keeper, joiner, stranger, leader].every(Boolean)).toBe(true);
    expect(leader.id).not.toBe(keeper.id);
  });
  afterAll(async () => {
    await app?.close();
    files.remove();
  });

  it('links the records of two units at once: one unit under the id of the best-ranked, whose other id finds it', async () => {
    const [, second] = keeper.sources;
    const answer = await as<{ linkRecords: UnitAnswer }>('admin', LINK, { records: [ref(joiner.sources[0]!), ref(second!)] });
    expect(answer.errors).toBeUndefined();
    const linked = answer.data!.linkRecords;
    expect(linked.id).toBe(keeper.id);
    expect(refsOf(linked)).toEqual([...refsOf(keeper), ...refsOf(joiner)].sort());
    const matchedBy = Object.fromEntries(linked.sources.map((s) => [label(s), s.matchedBy]));
    expect(matchedBy[label(second!)]).toBe('override');
    expect(matchedBy[label(joiner.sources[0]!)]).toBe('override');
    expect(matchedBy[label(keeper.sources[0]!)]).toBe(keeper.sources[0]!.matchedBy);

    const ids = (await units()).map((u) => u.id);
    expect(ids).toContain(keeper.id);
    expect(ids).not.toContain(joiner.id);
    expect(await node(joiner.id)).toEqual(linked);
  });

  it('writes the change to the audit log under the admin key, and refuses a key without ADMIN', async () => {
    const refused = await as('reader', LINK, { records: [ref(stranger.sources[0]!), ref(keeper.sources[0]!)] });
    expect(refused.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(refsOf((await node(stranger.id))!)).toEqual(refsOf(stranger));

    const audit = await as<{ auditLog: { edges: { node: { client: string; operation: string; input: unknown; outcome: string } }[] } }>('admin', AUDIT, { operation: 'linkRecords' });
    const entries = audit.data!.auditLog.edges.map((e) => e.node);
    expect(entries).toContainEqual({ client: 'admin', operation: 'linkRecords', outcome: 'OK', input: { records: [ref(joiner.sources[0]!), ref(keeper.sources[1]!)] } });
    expect(entries.some((e) => e.client === 'reader' && e.outcome === 'FORBIDDEN')).toBe(true);
  });

  it('keeps the link across a restart and a full sync', async () => {
    await restart();
    const afterRestart = await node(joiner.id);
    expect(afterRestart?.id).toBe(keeper.id);
    expect(refsOf(afterRestart!)).toEqual([...refsOf(keeper), ...refsOf(joiner)].sort());

    await app.services.readModel.run({ full: true });
    const afterSync = await node(keeper.id);
    expect(refsOf(afterSync!)).toEqual([...refsOf(keeper), ...refsOf(joiner)].sort());
    expect((await node(joiner.id))?.id).toBe(keeper.id);
  });

  it('unlinks a record into a unit of its own, which a sync and a restart keep apart', async () => {
    const leaving = keeper.sources[2]!;
    const answer = await as<{ unlinkRecord: UnitAnswer }>('admin', UNLINK, { record: ref(leaving) });
    expect(answer.errors).toBeUndefined();
    const alone = answer.data!.unlinkRecord;
    expect(alone.sources).toEqual([{ ...ref(leaving), matchedBy: 'unlinked' }]);
    expect(alone.id).not.toBe(keeper.id);
    expect(refsOf((await node(keeper.id))!)).not.toContain(label(leaving));

    await app.services.readModel.run({ full: true });
    await restart();
    expect((await node(alone.id))?.sources).toEqual([{ ...ref(leaving), matchedBy: 'unlinked' }]);
    expect(refsOf((await node(keeper.id))!)).toEqual([...refsOf(keeper), ...refsOf(joiner)].filter((r) => r !== label(leaving)).sort());
  });

  it('refuses to link a record an unlink keeps apart, naming the unlink, and changes nothing', async () => {
    const leaving = keeper.sources[2]!;
    const before = await units();
    const answer = await as<{ linkRecords: UnitAnswer }>('admin', LINK, { records: [ref(keeper.sources[0]!), ref(leaving)] });
    expect(answer.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(answer.errors?.[0]?.message).toContain(`${label(leaving)} was made its own unit by unlinkRecord`);
    expect(answer.errors?.[0]?.message).toContain('clearIdentityOverride');
    expect(await units()).toEqual(before);
  });

  it('clears an unlink: the rules place the record again, and the id of its own unit finds the unit it rejoined', async () => {
    const leaving = keeper.sources[2]!;
    const aloneId = (await as<{ node: UnitAnswer }>('reader', `{ nodeBySource(vendor: ${leaving.vendor}, type: UNIT, externalId: ${JSON.stringify(leaving.externalId)}) { id } }`)).data as unknown as { nodeBySource: { id: string } };
    const answer = await as<{ clearIdentityOverride: UnitAnswer }>('admin', CLEAR, { record: ref(leaving) });
    expect(answer.errors).toBeUndefined();
    const rejoined = answer.data!.clearIdentityOverride;
    expect(rejoined.id).toBe(keeper.id);
    expect(rejoined.sources.find((s) => label(s) === label(leaving))?.matchedBy).toBe(leaving.matchedBy);
    expect((await node(aloneId.nodeBySource.id))?.id).toBe(keeper.id);
  });

  it('refuses a link or unlink naming a record no vendor has with NOT_FOUND, and changes nothing', async () => {
    const before = await units();
    const missing = { vendor: 'DEEPRENT', externalId: 'obj-not-in-any-vendor' };
    const link = await as('admin', LINK, { records: [ref(stranger.sources[0]!), missing] });
    expect(link.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    expect(link.errors?.[0]?.message).toContain('records[1]: no vendor has the unit record DEEPRENT:obj-not-in-any-vendor');
    const unlink = await as('admin', UNLINK, { record: missing });
    expect(unlink.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const one = await as('admin', LINK, { records: [ref(stranger.sources[0]!)] });
    expect(one.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(one.errors?.[0]?.message).toContain('expected at least two records');
    expect(await units()).toEqual(before);

    const audit = await as<{ auditLog: { edges: { node: { outcome: string } }[] } }>('admin', AUDIT, { operation: 'unlinkRecord' });
    expect(audit.data!.auditLog.edges[0]?.node.outcome).toBe('REJECTED');
  });

  it('refuses a link that would join two records the overrides file keeps apart, naming the pair', async () => {
    const pair = [label(stranger.sources[0]!), label(keeper.sources[0]!)];
    files.write('overrides.json', { link: [], unlink: [pair] });
    const before = await units();
    const answer = await as('admin', LINK, { records: [ref(keeper.sources[0]!), ref(stranger.sources[0]!)] });
    expect(answer.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(answer.errors?.[0]?.message).toContain(`would make one unit of ${pair[0]} and ${pair[1]}`);
    expect(answer.errors?.[0]?.message).toContain('RENTGRAPH_OVERRIDES');
    expect(await units()).toEqual(before);
  });

  it('merges a linked unit again, into a better-ranked one: every id merged away on the way finds it, after a sync too', async () => {
    const answer = await as<{ linkRecords: UnitAnswer }>('admin', LINK, { records: [ref(keeper.sources[0]!), ref(leader.sources[0]!)] });
    expect(answer.errors).toBeUndefined();
    const merged = answer.data!.linkRecords;
    expect(merged.id).toBe(leader.id);
    expect(refsOf(merged)).toEqual([...refsOf(leader), ...refsOf(keeper), ...refsOf(joiner)].sort());
    await app.services.readModel.run({ full: true });
    for (const id of [keeper.id, joiner.id, leader.id]) expect((await node(id))?.id).toBe(leader.id);
  });
});
