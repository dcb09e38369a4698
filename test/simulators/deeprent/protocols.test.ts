import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_CREDENTIALS } from '../../../src/simulators/credentials.js';
import { startDeeprentSimulator, type RunningDeeprentSimulator } from '../../../src/simulators/deeprent/server.js';
import { createWorld, deeprentAddress } from '../../../src/simulators/world/index.js';

type Row = {
  id: string;
  object: { id: string; category: string; type: string; name: string; address: unknown; addressId: string };
  protocol: { link: string; cause: string; store_kb: number; createdAt: string; documentCosts: boolean; retentionUntil: string; landlordConfirmation: boolean };
  contacts: { role: string; email: string }[];
  owner: { orgId: string; userId: string; userName: string };
  store: string;
  storage_kb: string;
  meta: { deletedAt: string | null; deletedBy: string | null; deleteReason: string | null; version: number; tags: string[]; legalHold: boolean };
};
type ListBody = { success: boolean; count: number; userId: string; orgId: string; protocols: Row[]; hasMore: boolean; nextCursor: { cursorTs: string; cursorId: string } | null };

const world = createWorld({ seed: 11, rentrollUnits: 300 });
const key = SIM_CREDENTIALS.deeprent.apiKey;
let sim: RunningDeeprentSimulator;

beforeAll(async () => {
  sim = await startDeeprentSimulator({ world });
});
afterAll(async () => {
  await sim.close();
});

async function list(query: string, headers: Record<string, string> = { 'x-api-key': key }): Promise<{ status: number; body: ListBody }> {
  const response = await fetch(`${sim.server.origin}/external/protocols${query}`, { headers });
  return { status: response.status, body: (await response.json()) as ListBody };
}

/** Follows nextCursor from the first page to the last. */
async function walk(limit: number, includeDeleted: boolean): Promise<{ rows: Row[]; pages: number }> {
  const rows: Row[] = [];
  let cursor = '';
  for (let pages = 1; ; pages++) {
    const { status, body } = await list(`?limit=${limit}${includeDeleted ? '&includeDeleted=true' : ''}${cursor}`);
    expect(status).toBe(200);
    expect(body.count).toBe(body.protocols.length);
    rows.push(...body.protocols);
    if (!body.hasMore) {
      expect(body.nextCursor).toBeNull();
      return { rows, pages };
    }
    const last = body.protocols[body.protocols.length - 1]!;
    expect(body.nextCursor).toEqual({ cursorTs: last.protocol.createdAt, cursorId: last.id });
    cursor = `&cursorTs=${encodeURIComponent(body.nextCursor!.cursorTs)}&cursorId=${encodeURIComponent(body.nextCursor!.cursorId)}`;
  }
}

describe('deep.rent GET /external/protocols', () => {
  it('answers 401 without an API key, with a wrong one and with a session token', async () => {
    for (const headers of [{}, { 'x-api-key': 'nope' }, { authorization: 'Bearer nope' }, { authorization: `Bearer ${SIM_CREDENTIALS.deeprent.sessionToken}` }]) {
      const { status, body } = await list('', headers);
      expect(status).toBe(401);
      expect(body).toEqual({ success: false, error: 'Missing or invalid API key' });
    }
  });

  it('accepts the key as x-api-key or as a bearer token', async () => {
    expect((await list('', { 'x-api-key': key })).status).toBe(200);
    expect((await list('', { authorization: `Bearer ${key}` })).status).toBe(200);
  });

  it('returns 50 protocols by default in the documented envelope, newest first', async () => {
    const { body } = await list('');
    expect(body).toMatchObject({ success: true, count: 50, orgId: SIM_CREDENTIALS.deeprent.orgId, userId: expect.any(String), hasMore: true });
    const stamps = body.protocols.map((p) => Date.parse(p.protocol.createdAt));
    expect(stamps).toEqual([...stamps].sort((a, b) => b - a));
  });

  it('writes each snapshot as the documented example does, with the object from the world', async () => {
    const byDeeprentId = new Map(world.units.filter((u) => u.ids.deeprent !== undefined).map((u) => [u.ids.deeprent!, u]));
    const { body } = await list('?limit=200');
    for (const row of body.protocols) {
      const unit = byDeeprentId.get(row.object.id);
      expect(unit, row.object.id).toBeDefined();
      expect(row.id).toMatch(/^[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{2}-[A-Za-z0-9]$/);
      expect(row.object.address).toEqual(deeprentAddress(unit!));
      expect(row.object.category).toBe('REALESTATE');
      expect(['Handover', 'Move-in', 'Move-out', 'Inspection']).toContain(row.protocol.cause);
      expect(row.protocol.link).toBe(`${row.store}/protocol/${row.id}`);
      expect(row.storage_kb).toBe(String(row.protocol.store_kb));
      expect(row.contacts.length).toBeGreaterThanOrEqual(1);
      expect(row.contacts.length).toBeLessThanOrEqual(3);
      for (const contact of row.contacts) expect(['RENTER', 'LANDLORD', 'AGENT']).toContain(contact.role);
      expect(row.owner.orgId).toBe(SIM_CREDENTIALS.deeprent.orgId);
      expect(row.meta).toMatchObject({ deletedAt: null, deletedBy: null, deleteReason: null });
      expect(Object.keys(row.meta).sort()).toEqual(['deleteReason', 'deletedAt', 'deletedBy', 'legalHold', 'legalHoldReason', 'tags', 'updatedAt', 'version']);
    }
  });

  it('walks the cursor to the end, every live protocol exactly once, in order', async () => {
    const { rows, pages } = await walk(37, false);
    const ids = rows.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(pages).toBe(Math.ceil(rows.length / 37));
    expect(rows.every((r) => r.meta.deletedAt === null)).toBe(true);
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1]!, rows[i]!];
      const [ta, tb] = [Date.parse(a.protocol.createdAt), Date.parse(b.protocol.createdAt)];
      expect(ta > tb || (ta === tb && a.id > b.id), `${a.id} before ${b.id}`).toBe(true);
    }
  });

  it('adds the soft-deleted protocols with includeDeleted=true, and gives every known object one to three protocols', async () => {
    const live = await walk(200, false);
    const all = await walk(200, true);
    const deleted = all.rows.filter((r) => r.meta.deletedAt !== null);
    expect(deleted.length).toBeGreaterThan(0);
    expect(all.rows.length).toBe(live.rows.length + deleted.length);
    expect(new Set(all.rows.map((r) => r.id)).size).toBe(all.rows.length);
    for (const row of deleted) expect(row.meta.deletedBy).not.toBeNull();
    const perObject = new Map<string, number>();
    for (const row of all.rows) perObject.set(row.object.id, (perObject.get(row.object.id) ?? 0) + 1);
    const objects = world.units.filter((u) => u.ids.deeprent !== undefined);
    expect(perObject.size).toBe(objects.length);
    for (const count of perObject.values()) expect(count >= 1 && count <= 3).toBe(true);
  });

  it('answers 400 for a bad limit, a lone cursor half or a cursorTs that is not a timestamp', async () => {
    for (const query of ['?limit=0', '?limit=201', '?limit=ten', '?cursorTs=2025-01-15T10:30:00Z', '?cursorId=Jwlo-Qe8a-3dSn-OQ-w', '?cursorTs=yesterday&cursorId=Jwlo-Qe8a-3dSn-OQ-w', '?includeDeleted=yes']) {
      const { status, body } = await list(query);
      expect(status, query).toBe(400);
      expect(body).toMatchObject({ success: false, error: expect.any(String) });
    }
    expect((await list('?limit=201')).body).toMatchObject({ error: 'limit must be an integer from 1 to 200, got "201"' });
  });

  it('accepts limit=200 and returns nothing older than the oldest protocol', async () => {
    const { body } = await list('?limit=200');
    expect(body.count).toBe(200);
    const { body: after } = await list(`?cursorTs=2000-01-01T00:00:00Z&cursorId=AAAAAA`);
    expect(after).toMatchObject({ count: 0, protocols: [], hasMore: false, nextCursor: null });
  });
});
