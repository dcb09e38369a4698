import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { GraphQLError } from 'graphql';
import { auditedIdentityChange, NOTICE_CLIENT } from '../../src/access/index.js';
import { SIM_CREDENTIALS } from '../../src/simulators/credentials.js';
import { freeSlots } from '../../src/simulators/rentengine/availability.js';
import { createRequestScope } from '../../src/request/scope.js';
import type { TestApp } from '../utils/app.js';
import { availableUnits, rentengineSim, resetAll, startMutationApp, totalRequests } from '../mutations/support.js';
import { auditRows, bearer, KEYS, keysFileEntries, post, sha256Hex, tempFolder } from './support.js';

const SCHEDULE = 'mutation ($input: ScheduleShowingInput!) { scheduleShowing(input: $input) { id } }';
const CREATE_LOCKBOXES = 'mutation ($input: CreateLockboxesInput!) { createLockboxes(input: $input) { serialNumber } }';
const AUDIT_PAGE = `query ($first: Int, $after: String, $filter: AuditFilter) {
  auditLog(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id at client operation input outcome vendor vendorStatus idempotencyKey } }
  }
}`;

interface AuditAnswer {
  auditLog: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: { id: string; at: string; client: string; operation: string; input: unknown; outcome: string; vendor: string | null; vendorStatus: number | null; idempotencyKey: string | null } }[];
  };
}

const PROSPECT = { firstName: 'Imogen', lastName: 'Quartermaine', email: 'imogen.quartermaine@example.com', phone: '5550142857', creditScore: '700+', income: '$5000-$6000/month', agentToken: 'QX71ZB' };

// The audit log is kept in the store: on both engines.
describe.each(['sqlite', 'postgres'] as const)('the audit log on %s', (engine) => {
  const files = tempFolder();
  let app: TestApp;
  let account: string;
  const auditPage = async (variables: Record<string, unknown>) => {
    const answer = await post(app, { query: AUDIT_PAGE, variables }, bearer('admin'));
    expect(answer.body.errors).toBeUndefined();
    return (answer.body.data as unknown as AuditAnswer).auditLog;
  };

  beforeAll(async () => {
    app = await startMutationApp({ engine, rentrollUnits: 40, env: { RENTGRAPH_API_KEYS_FILE: files.write('keys.json', keysFileEntries()) } });
    account = rentengineSim(app).store.mainAccountId;
  });
  afterAll(async () => {
    await app?.close();
    files.remove();
  });

  it('records a write with its client, redacted input, vendor status and Idempotency-Key, and keeps no personal data', async () => {
    const unit = availableUnits(app)[0]!;
    const startsAt = new Date(freeSlots(rentengineSim(app).store, unit, Date.now())[0]!.startMillis).toISOString();
    const found = await post(app, { query: 'query ($id: String!) { nodeBySource(vendor: RENTENGINE, type: UNIT, externalId: $id) { id } }', variables: { id: String(unit.id) } }, bearer('operator'));
    const unitId = (found.body.data?.['nodeBySource'] as { id: string }).id;
    const input = { unitId, startsAt, method: 'Self Guided', prospect: { ...PROSPECT, questionAnswers: [{ question: 'Pets?', answer: 'A cat named Quartermaine' }] } };
    const answer = await post(app, { query: SCHEDULE, variables: { input } }, { ...bearer('operator'), 'idempotency-key': 'showing-imogen' });
    expect(answer.body.errors).toBeUndefined();

    const [row] = await auditRows(app);
    expect(row).toMatchObject({ client: 'operator', operation: 'scheduleShowing', outcome: 'OK', vendor: 'RENTENGINE', vendor_status: expect.any(Number), idempotency_key: 'showing-imogen' });
    expect(row!.vendor_status).toBeGreaterThanOrEqual(200);
    expect(row!.vendor_status).toBeLessThan(300);
    expect(JSON.parse(row!.input!)).toEqual({
      input: {
        unitId, startsAt, method: 'Self Guided',
        prospect: {
          firstName: '[redacted]', lastName: '[redacted]', email: '[redacted]', phone: '[redacted]', creditScore: '[redacted]', income: '[redacted]', agentToken: '[redacted]',
          questionAnswers: [{ question: 'Pets?', answer: '[redacted]' }],
        },
      },
    });

    // Every stored row, as text: no client key (nor its digest), vendor token or person's detail.
    const stored = JSON.stringify(await auditRows(app));
    const tenantEmails = app.world.leases.flatMap((lease) => lease.tenants.map((tenant) => tenant.email));
    const secrets = [
      ...Object.values(KEYS).flatMap(({ key }) => [key, sha256Hex(key)]),
      SIM_CREDENTIALS.rentengine.apiToken, SIM_CREDENTIALS.rentengine.webhookToken,
      PROSPECT.firstName, PROSPECT.lastName, PROSPECT.email, PROSPECT.phone, PROSPECT.agentToken, PROSPECT.income, ...tenantEmails,
    ];
    for (const secret of secrets) expect(stored).not.toContain(secret);
  });

  it('records our refusal as REJECTED, the vendor\'s as VENDOR_REJECTED and its failure as VENDOR_FAILED, each with its status', async () => {
    resetAll(app);
    const rejected = await post(app, { query: CREATE_LOCKBOXES, variables: { input: { serialNumbers: ['SL-920001'], accountId: account, lockboxType: 'Codebox' } } }, bearer('writer'));
    expect(rejected.body.errors?.[0]?.extensions['code']).toBe('BAD_USER_INPUT');
    expect(totalRequests(app)).toBe(0);
    expect((await auditRows(app))[0]).toMatchObject({ client: 'writer', operation: 'createLockboxes', outcome: 'REJECTED', vendor: null, vendor_status: null });

    const create = { query: CREATE_LOCKBOXES, variables: { input: { serialNumbers: ['SL-920002'], accountId: account } } };
    expect((await post(app, create, bearer('writer'))).body.errors).toBeUndefined();
    const duplicate = await post(app, create, bearer('writer'));
    expect(duplicate.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', vendor: 'RENTENGINE' });
    const [vendorRejected] = await auditRows(app);
    expect(vendorRejected).toMatchObject({ outcome: 'VENDOR_REJECTED', vendor: 'RENTENGINE' });
    expect(vendorRejected!.vendor_status).toBeGreaterThanOrEqual(400);
    expect(vendorRejected!.vendor_status).toBeLessThan(500);

    rentengineSim(app).server.setFaults({ script: [503] });
    const failed = await post(app, { query: CREATE_LOCKBOXES, variables: { input: { serialNumbers: ['SL-920003'], accountId: account } } }, bearer('writer'));
    expect(failed.body.errors?.[0]?.extensions['code']).toBe('VENDOR_UNAVAILABLE');
    expect((await auditRows(app))[0]).toMatchObject({ outcome: 'VENDOR_FAILED', vendor: 'RENTENGINE', vendor_status: 503 });
  });

  it('records a refused mutation as FORBIDDEN under the refused key', async () => {
    resetAll(app);
    const refused = await post(app, { query: CREATE_LOCKBOXES, variables: { input: { serialNumbers: ['SL-920004'], accountId: account } } }, bearer('admin'));
    expect(refused.status).toBe(403);
    expect(totalRequests(app)).toBe(0);
    expect((await auditRows(app))[0]).toMatchObject({ client: 'admin', operation: 'createLockboxes', outcome: 'FORBIDDEN' });
  });

  it('pages newest first with opaque cursors and a total, and filters by client, operation and time', async () => {
    const all = await auditPage({ first: 500 });
    const rows = await auditRows(app);
    expect(all.totalCount).toBe(rows.length);
    expect(all.edges.map((edge) => edge.node.operation)).toEqual(rows.map((row) => row.operation));
    expect(all.edges.map((edge) => Date.parse(edge.node.at))).toEqual([...all.edges.map((edge) => Date.parse(edge.node.at))].sort((a, b) => b - a));

    const first = await auditPage({ first: 2 });
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(first.totalCount).toBe(rows.length);
    const second = await auditPage({ first: 2, after: first.pageInfo.endCursor });
    expect([...first.edges, ...second.edges].map((edge) => edge.node.id)).toEqual(all.edges.slice(0, 4).map((edge) => edge.node.id));

    const byWriter = await auditPage({ filter: { client: 'writer' } });
    expect(byWriter.totalCount).toBe(rows.filter((row) => row.client === 'writer').length);
    expect(new Set(byWriter.edges.map((edge) => edge.node.client))).toEqual(new Set(['writer']));
    const showings = await auditPage({ filter: { operation: 'scheduleShowing' } });
    expect(showings.edges.map((edge) => edge.node)).toEqual([expect.objectContaining({ client: 'operator', outcome: 'OK', vendor: 'RENTENGINE', idempotencyKey: 'showing-imogen' })]);

    const newest = Date.parse(all.edges[0]!.node.at);
    expect((await auditPage({ filter: { from: new Date(newest + 1).toISOString() } })).totalCount).toBe(0);
    expect((await auditPage({ filter: { to: new Date(newest + 1).toISOString() } })).totalCount).toBe(rows.length);
    expect((await auditPage({ filter: { from: new Date(newest).toISOString(), to: new Date(newest + 1).toISOString() } })).edges[0]?.node.id).toBe(all.edges[0]!.node.id);
  });

  it('refuses a cursor from another list', async () => {
    const units = await post(app, { query: '{ units(first: 1) { pageInfo { endCursor } } }' }, bearer('operator'));
    const cursor = (units.body.data?.['units'] as { pageInfo: { endCursor: string } }).pageInfo.endCursor;
    const answer = await post(app, { query: AUDIT_PAGE, variables: { after: cursor } }, bearer('admin'));
    expect(answer.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'after' } });
  });

  it('gives identity changes an entry point that needs ADMIN and records them either way', async () => {
    const records = [{ vendor: 'RENTROLL', externalId: '1001' }, { vendor: 'LEASEY', externalId: '502' }];
    const asReader = createRequestScope(app.services.ports, { client: { name: 'reader', scopes: ['READ', 'WRITE'] }, idempotencyKey: 'link-1' });
    let ran = false;
    await expect(auditedIdentityChange(asReader, 'linkRecords', { records }, async () => (ran = true))).rejects.toThrow(GraphQLError);
    expect(ran).toBe(false);
    expect((await auditRows(app))[0]).toMatchObject({ client: 'reader', operation: 'linkRecords', outcome: 'FORBIDDEN', idempotency_key: 'link-1' });

    const asAdmin = createRequestScope(app.services.ports, { client: { name: 'admin', scopes: ['ADMIN'] } });
    expect(await auditedIdentityChange(asAdmin, 'unlinkRecord', { record: records[0] }, async () => 'unlinked')).toBe('unlinked');
    const [row] = await auditRows(app);
    expect(row).toMatchObject({ client: 'admin', operation: 'unlinkRecord', outcome: 'OK', vendor: null });
    expect(JSON.parse(row!.input!)).toEqual({ record: { vendor: 'RENTROLL', externalId: '1001' } });

    await expect(auditedIdentityChange(asAdmin, 'linkRecords', { records }, async () => {
      throw new GraphQLError('expected two records of one unit', { extensions: { code: 'BAD_USER_INPUT' } });
    })).rejects.toThrow('expected two records');
    expect((await auditRows(app))[0]).toMatchObject({ operation: 'linkRecords', outcome: 'REJECTED' });
    // A notice runs as no key at all.
    await expect(auditedIdentityChange(createRequestScope(app.services.ports, { client: NOTICE_CLIENT }), 'unlinkRecord', { record: records[0] }, async () => 'no')).rejects.toThrow(/needs the ADMIN scope/);
  });

  it('refuses to change a stored entry: the table is append-only', async () => {
    await expect(sql`UPDATE audit_log SET outcome = 'OK'`.execute(app.services.store.write)).rejects.toThrow(/append-only/);
    expect((await auditRows(app)).some((row) => row.outcome !== 'OK')).toBe(true);
  });

  it('deletes entries older than RENTGRAPH_AUDIT_DAYS (400) and keeps the rest', async () => {
    const before = (await auditRows(app)).length;
    const day = 86_400_000;
    for (const age of [401 * day, 399 * day]) {
      await app.services.store.write.insertInto('audit_log').values({ at: Date.now() - age, client: 'old', operation: 'installLockbox', input: null, outcome: 'OK', vendor: null, vendor_status: null, idempotency_key: null }).execute();
    }
    expect(await app.services.access.audit.prune()).toBe(1);
    expect((await auditRows(app)).length).toBe(before + 1);
  });

  it('answers a write whose audit entry cannot be stored, and logs that it was not', async () => {
    await sql`ALTER TABLE audit_log RENAME TO audit_log_away`.execute(app.services.store.write);
    try {
      const answer = await post(app, { query: CREATE_LOCKBOXES, variables: { input: { serialNumbers: ['SL-920005'], accountId: account } } }, bearer('writer'));
      expect(answer.body).toEqual({ data: { createLockboxes: [{ serialNumber: 'SL-920005' }] } });
      const line = app.logs.find((text) => text.includes('could not write an audit log entry'));
      expect(line).toBeDefined();
      expect(JSON.parse(line!)).toMatchObject({ client: 'writer', operation: 'createLockboxes', outcome: 'OK' });
      expect(line).not.toContain('SL-920005');
    } finally {
      await sql`ALTER TABLE audit_log_away RENAME TO audit_log`.execute(app.services.store.write);
    }
  });
});
