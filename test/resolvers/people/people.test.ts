import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../utils/app.js';
import { globalId, query, rentengineOf } from '../support.js';
import { normalPhone } from '../../../src/resolvers/people/index.js';

interface Person { id: string; email: string | null; phone: string | null }
interface ProspectNode extends Person { tenantMatchedBy: string | null; tenant: (Person & { prospects: { id: string }[] }) | null }

const PROSPECT = `query ($id: ID!) { node(id: $id) { ... on Prospect {
  id email phone tenantMatchedBy tenant { id email phone prospects { id } }
} } }`;

describe('people across vendors', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ synced: true });
  }, 60_000);
  afterAll(async () => {
    await app.close();
  });

  const signed = () => rentengineOf(app).store.prospects.rows.filter((p) => p.status === 'Lease Signed' && p.id > 600_000);
  const prospect = async (id: number) => (await query<{ node: ProspectNode }>(app, PROSPECT, { id: globalId('Prospect', 'RENTENGINE', id) })).node;

  it('links a RentEngine prospect to the rent-roll tenant with the same email, however it was typed, and back', async () => {
    const typed = signed().filter((p) => p.email !== '');
    expect(typed.some((p) => p.email !== p.email.trim().toLowerCase())).toBe(true);
    for (const row of typed) {
      const node = await prospect(row.id);
      expect(node.tenantMatchedBy).toBe('EMAIL');
      expect(node.tenant!.email).toBe(row.email.trim().toLowerCase());
      expect(node.tenant!.prospects.map((p) => p.id)).toContain(node.id);
    }
  });

  it('links a prospect without an email by phone, when only one tenant has that number', async () => {
    const phoneOnly = signed().filter((p) => p.email === '');
    expect(phoneOnly.length).toBeGreaterThan(0);
    let linked = 0;
    for (const row of phoneOnly) {
      const node = await prospect(row.id);
      expect(node.email).toBeNull();
      if (node.tenant === null) continue;
      linked++;
      expect(node.tenantMatchedBy).toBe('PHONE');
      expect(normalPhone(node.tenant.phone)).toBe(normalPhone(row.phone));
      expect(node.tenant.prospects.map((p) => p.id)).toContain(node.id);
    }
    expect(linked).toBeGreaterThan(0);
  });

  it('leaves a prospect nobody rents as no tenant', async () => {
    const stranger = rentengineOf(app).store.prospects.rows.find((p) => p.id < 600_000)!;
    const node = await prospect(stranger.id);
    expect(node).toMatchObject({ tenant: null, tenantMatchedBy: null });
  });

  it('links a deep.rent protocol\'s RENTER contact to the unit\'s rent-roll tenant', async () => {
    const data = await query<{ protocols: { edges: { node: { unit: { id: string } | null; contacts: { role: string; email: string | null; tenantMatchedBy: string | null; tenant: { email: string | null; leases: { unit: { id: string } | null }[] } | null }[] } }[] } }>(
      app, '{ protocols(first: 200) { edges { node { unit { id } contacts { role email tenantMatchedBy tenant { email leases { unit { id } } } } } } } }',
    );
    const renters = data.protocols.edges.flatMap((e) => e.node.contacts.filter((c) => c.role === 'RENTER').map((c) => ({ contact: c, unit: e.node.unit })));
    const linked = renters.filter((r) => r.contact.tenant !== null);
    expect(linked.length).toBeGreaterThan(0);
    for (const { contact, unit } of linked) {
      expect(contact.tenantMatchedBy).toBe('EMAIL');
      expect(contact.tenant!.email).toBe(contact.email);
      expect(contact.tenant!.leases.map((l) => l.unit?.id)).toContain(unit!.id);
    }
    // Landlords and agents are nobody's tenants here.
    expect(data.protocols.edges.flatMap((e) => e.node.contacts).filter((c) => c.role !== 'RENTER' && c.tenant !== null)).toEqual([]);
  });
});
