import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparePages, pageFromHive, pageFromRentgraph, pageFromTailcall, TAILCALL_LEASE_FIELDS, type Page } from '../../bench/lib/answers.js';
import { startTestApp, type TestApp } from '../utils/app.js';

/**
 * The bench measures a peer only when its answer holds the page rentgraph answers. The
 * peers' answers are built here from the rent roll simulator's own lists, in the shape
 * each peer's config gives them (bench/peer/), and compared with the real gateway's.
 */
const RENTGRAPH_PAGE = 'query { units(first: 100) { edges { node { id sources { vendor externalId } address { line1 unitNumber city } leases { status start end tenants { name email } } } } } }';

interface RawUnit { ID: string; streetAddress: string; unitNumber?: string; city: string }
interface RawLease { unitID: string; leaseStart: string; leaseEnd: string; tenants: { name: string; email: string | null }[] }
type Json = Record<string, unknown>;

describe('comparing a peer\'s answer to the rent-roll page with rentgraph\'s', () => {
  let app: TestApp;
  let rentgraph: Page;
  let units: RawUnit[];
  /** Leases by the status filter they were read with (Current, Future: isActive=true; Past: isActive=false). */
  let leases: Record<'current' | 'future' | 'past', RawLease[]>;

  beforeAll(async () => {
    app = await startTestApp({ rentrollUnits: 100, synced: true });
    const answer = await app.graphql(RENTGRAPH_PAGE);
    expect(answer.errors).toBeUndefined();
    rentgraph = pageFromRentgraph({ data: answer.data });
    const { RENTROLL_BASE_URL: base, RENTROLL_API_TOKEN: token } = app.simulator('rentroll').env;
    const read = async <T>(path: string): Promise<T> => {
      const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      return (await response.json()) as T;
    };
    units = [...(await read<RawUnit[]>('/units?isActive=true')), ...(await read<RawUnit[]>('/units?isActive=false'))];
    leases = {
      current: await read<RawLease[]>('/leases?isActive=true&status=Current'),
      future: await read<RawLease[]>('/leases?isActive=true&status=Future'),
      past: await read<RawLease[]>('/leases?isActive=false'),
    };
  });
  afterAll(() => app.close());

  /** What Tailcall answers with bench/peer/tailcall/rentroll.graphql: the unit row, one lease field per status. */
  function tailcallAnswer(): { data: { active: Json[]; inactive: Json[] } } {
    const unit = (u: RawUnit): Json => ({
      id: u.ID,
      address: { line1: u.streetAddress, unitNumber: u.unitNumber ?? null, city: u.city },
      ...Object.fromEntries(Object.keys(TAILCALL_LEASE_FIELDS).map((field) => [
        field,
        leases[field as keyof typeof leases].filter((l) => l.unitID === u.ID).map((l) => ({ start: l.leaseStart, end: l.leaseEnd, tenants: l.tenants.map((t) => ({ name: t.name, email: t.email })) })),
      ])),
    });
    return { data: { active: units.slice(0, 60).map(unit), inactive: units.slice(60).map(unit) } };
  }

  it('finds a Tailcall-shaped answer read from the rent roll the same as rentgraph\'s page', () => {
    const comparison = comparePages(rentgraph, pageFromTailcall(tailcallAnswer()));
    expect(comparison.differences).toEqual([]);
    expect(comparison.units).toBe(100);
    expect(comparison.leases).toBe(leases.current.length + leases.future.length + leases.past.length);
    expect(comparison.tenants).toBeGreaterThan(comparison.leases);
  });

  it('finds a Hive-shaped answer, each lease with the status it was read by, the same as rentgraph\'s page', () => {
    const withStatus = (status: string, list: RawLease[]) => list.map((l) => ({ ...l, status }));
    const all = [...withStatus('Current', leases.current), ...withStatus('Future', leases.future), ...withStatus('Past', leases.past)];
    const unit = (u: RawUnit) => ({ ID: u.ID, streetAddress: u.streetAddress, unitNumber: u.unitNumber ?? null, city: u.city, leases: all.filter((l) => l.unitID === u.ID) });
    const comparison = comparePages(rentgraph, pageFromHive({ data: { active: units.slice(0, 60).map(unit), inactive: units.slice(60).map(unit) } }));
    expect(comparison.differences).toEqual([]);
    expect(comparison.units).toBe(100);
  });

  it('names the unit and the lease when a peer leaves out a tenant', () => {
    const answer = tailcallAnswer();
    const victim = answer.data.active.find((u) => (u['past'] as { tenants: unknown[] }[]).some((l) => l.tenants.length > 1))!;
    (victim['past'] as { tenants: unknown[] }[]).find((l) => l.tenants.length > 1)!.tenants.pop();
    const { differences } = comparePages(rentgraph, pageFromTailcall(answer));
    expect(differences).toHaveLength(2);
    expect(differences[0]).toMatch(new RegExp(`^unit ${String(victim['id'])}: lease PAST .* not in rentgraph's answer$`));
    expect(differences[1]).toMatch(new RegExp(`^unit ${String(victim['id'])}: lease PAST .* missing$`));
  });

  it('tells a lease filed under the wrong status from a right one', () => {
    const answer = tailcallAnswer();
    const victim = answer.data.active.find((u) => (u['current'] as unknown[]).length > 0)!;
    (victim['past'] as unknown[]).push((victim['current'] as unknown[]).pop());
    const { differences } = comparePages(rentgraph, pageFromTailcall(answer));
    expect(differences).toEqual([
      expect.stringMatching(new RegExp(`^unit ${String(victim['id'])}: lease PAST .* not in rentgraph's answer$`)),
      expect.stringMatching(new RegExp(`^unit ${String(victim['id'])}: lease CURRENT .* missing$`)),
    ]);
  });

  it('reports a unit the peer left out and an address field that differs', () => {
    const answer = tailcallAnswer();
    const dropped = answer.data.inactive.pop()!;
    (answer.data.active[0]!['address'] as Json)['city'] = 'Nowhere';
    const { differences, units: count } = comparePages(rentgraph, pageFromTailcall(answer));
    expect(count).toBe(99);
    expect(differences).toContain(`unit ${String(dropped['id'])}: missing`);
    expect(differences).toContainEqual(expect.stringMatching(new RegExp(`^unit ${String(answer.data.active[0]!['id'])}: address.city "Nowhere", rentgraph ".+"$`)));
  });

  it('refuses to read an answer that carries errors', () => {
    expect(() => pageFromTailcall({ data: null, errors: [{ message: 'upstream failed' }] })).toThrow(/expected an answer without errors, got .*upstream failed/);
  });
});
