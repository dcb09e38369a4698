import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idOfRef } from '../../src/domain/ids.js';
import { leaseStatusAt } from '../../src/domain/leases.js';
import type { LeaseModel, LeaseStatus } from '../../src/domain/models.js';
import { createRecordStore } from '../../src/readmodel/records.js';
import { leaseDrafts } from '../../src/vendors/rentroll/resources.js';
import { STORE_ENGINES } from '../utils/stores.js';
import { startTestApp, type TestApp } from '../utils/app.js';

/**
 * A stored lease's status is the clock's, not the one it had when it was written: the
 * field, the `status` and `active` filters and their counts, and a unit's leases. Every
 * date here comes from the clock this test reads, which is the gateway's and the
 * simulators' too (one process), so the file passes on any date (and under faketime).
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Page<T> {
  edges: { node: T }[];
  totalCount: number;
}

type LeaseNode = { id: string; status: LeaseStatus | null; start: string | null; end: string | null };

describe.each(STORE_ENGINES)('lease status as of the read, on $name', (engine) => {
  let app: TestApp;
  const iso = (millis: number) => new Date(millis).toISOString();

  async function ok<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const response = await app.graphql<T>(query, variables);
    expect(response.errors).toBeUndefined();
    return response.data!;
  }

  /**
   * Stores a rent-roll lease with new dates as the rent roll's mapping gave it at
   * `writtenAt` (its status then), the way a lease stays in the store until a sync rewrites it.
   */
  async function storeAsWritten(lease: LeaseModel, start: number, end: number, writtenAt: number): Promise<LeaseModel> {
    const model: LeaseModel = { ...lease, start: iso(start), end: iso(end), status: leaseStatusAt(iso(start), iso(end), new Date(writtenAt)) };
    const records = createRecordStore(app.services.store);
    await app.services.store.transaction((tx) => records.apply(tx, { upserts: leaseDrafts(model) }, { resource: 'rentroll:leases', run: 1 }));
    return model;
  }

  /** Every lease with a status filter, its count, and each node's status, walked in one query of at most 500. */
  async function leasesWith(filter: string): Promise<Page<LeaseNode>> {
    const page = (await ok<{ leases: Page<LeaseNode> }>(`{ leases(first: 500, filter: ${filter}) { totalCount edges { node { id status start end } } } }`)).leases;
    expect(page.totalCount).toBe(page.edges.length);
    return page;
  }

  let ended: LeaseModel;
  let started: LeaseModel;

  beforeAll(async () => {
    app = await startTestApp({ engine: engine.name, rentrollUnits: 60, synced: true });
    const stored = await createRecordStore(app.services.store).byUnitRef<LeaseModel>('LEASE', (await app.services.store.read.selectFrom('lease_facts').select('unit_ref').where('unit_ref', 'is not', null).orderBy('unit_ref').limit(2).execute()).map((row) => row.unit_ref!));
    const [first, second] = [...stored.values()].map((leases) => leases[0]!.model);
    const now = Date.now();
    // Written as CURRENT a day ago; it ended an hour ago.
    ended = await storeAsWritten(first!, now - 300 * DAY, now - HOUR, now - DAY);
    // Written as FUTURE a day ago; it started an hour ago.
    started = await storeAsWritten(second!, now - HOUR, now + 300 * DAY, now - DAY);
    expect([ended.status, started.status]).toEqual(['CURRENT', 'FUTURE']);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  it('answers PAST for a lease stored as CURRENT whose end has passed since, and CURRENT for one stored as FUTURE that has started', async () => {
    const statuses = new Map((await leasesWith('{}')).edges.map(({ node }) => [node.id, node.status]));
    expect([statuses.get(idOfRef('Lease', ended)), statuses.get(idOfRef('Lease', started))]).toEqual(['PAST', 'CURRENT']);
  });

  it('filters and counts by the status now: each lease under the status its field shows, and the statuses add up to every lease', async () => {
    const endedId = idOfRef('Lease', ended);
    const startedId = idOfRef('Lease', started);
    const all = await leasesWith('{}');
    const byStatus = new Map<string, Page<LeaseNode>>();
    for (const status of ['PAST', 'CURRENT', 'FUTURE'] as const) {
      const page = await leasesWith(`{ status: ${status} }`);
      expect(page.edges.every((edge) => edge.node.status === status)).toBe(true);
      byStatus.set(status, page);
    }
    expect(byStatus.get('PAST')!.edges.map((e) => e.node.id)).toContain(endedId);
    expect(byStatus.get('CURRENT')!.edges.map((e) => e.node.id)).toContain(startedId);
    expect(byStatus.get('CURRENT')!.edges.map((e) => e.node.id)).not.toContain(endedId);
    expect(byStatus.get('FUTURE')!.edges.map((e) => e.node.id)).not.toContain(startedId);
    const withoutStatus = all.edges.filter((edge) => edge.node.status === null).length;
    expect([...byStatus.values()].reduce((sum, page) => sum + page.totalCount, withoutStatus)).toBe(all.totalCount);
    // The store's rule is the mapping's: the status each lease's dates give at the clock this test reads.
    const now = new Date();
    for (const { node } of all.edges) expect(node.status, node.id).toBe(leaseStatusAt(node.start, node.end, now));

    const active = await leasesWith('{ active: true }');
    const inactive = await leasesWith('{ active: false }');
    expect(inactive.edges.map((e) => e.node.id).sort()).toEqual(byStatus.get('PAST')!.edges.map((e) => e.node.id).sort());
    expect(active.totalCount + inactive.totalCount).toBe(all.totalCount);
    expect(active.edges.map((e) => e.node.id)).toContain(startedId);
  });

  it('gives a unit the lease current now: leases(status:) and currentLease follow the clock too', async () => {
    const unitOf = async (lease: LeaseModel) => {
      const id = (await ok<{ node: { unit: { id: string } } }>('query ($id: ID!) { node(id: $id) { ... on Lease { unit { id } } } }', { id: idOfRef('Lease', lease) })).node.unit.id;
      return (await ok<{ node: { past: { id: string }[]; current: { id: string }[]; currentLease: { id: string } | null } }>(
        'query ($id: ID!) { node(id: $id) { ... on Unit { past: leases(status: PAST) { id } current: leases(status: CURRENT) { id } currentLease { id } } } }', { id },
      )).node;
    };
    const endedUnit = await unitOf(ended);
    expect(endedUnit.past.map((l) => l.id)).toContain(idOfRef('Lease', ended));
    expect(endedUnit.current.map((l) => l.id)).not.toContain(idOfRef('Lease', ended));
    expect(endedUnit.currentLease?.id).not.toBe(idOfRef('Lease', ended));
    const startedUnit = await unitOf(started);
    expect(startedUnit.current.map((l) => l.id)).toContain(idOfRef('Lease', started));
  });
});
