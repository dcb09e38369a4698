import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPdfLink } from '../../src/resolvers/protocol/index.js';
import { startDeeprentSimulator } from '../../src/simulators/deeprent/server.js';
import type { RunningSimulator } from '../../src/simulators/index.js';
import { createWorld } from '../../src/simulators/world/index.js';
import { startTestApp, type TestApp } from '../utils/app.js';
import { forgetFullSyncs } from '../utils/read-model.js';
import { deeprent as deeprentModule } from '../../src/vendors/deeprent/index.js';

interface ProtocolNode {
  id: string;
  createdAt: string | null;
  deletedAt: string | null;
  sources: { externalId: string; raw: { object?: { id?: string } } | null }[];
}

interface ProtocolPage {
  protocols: { edges: { node: ProtocolNode }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

const PAGE = `query($first: Int, $after: String, $deleted: Boolean) {
  protocols(first: $first, after: $after, filter: { includeDeleted: $deleted }) {
    edges { node { id createdAt deletedAt sources { externalId raw } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const PDF_TTL_SECONDS = 2;

describe('protocols from a deep.rent whose PDF links live two seconds', () => {
  let deeprent: RunningSimulator;
  let app: TestApp;
  let live: ProtocolNode[];
  let withDeleted: ProtocolNode[];

  beforeAll(async () => {
    // deep.rent as a LIVE vendor (its own simulator, same world as the app's) so its links can be short-lived.
    deeprent = await startDeeprentSimulator({ world: createWorld({ rentrollUnits: 200 }), presignTtlSeconds: PDF_TTL_SECONDS, pdfGenerationMillis: 10 });
    app = await startTestApp({ env: deeprent.env, synced: true });
    live = (await app.graphql<ProtocolPage>(PAGE, { first: 500 })).data!.protocols.edges.map((edge) => edge.node);
    withDeleted = (await app.graphql<ProtocolPage>(PAGE, { first: 500, deleted: true })).data!.protocols.edges.map((edge) => edge.node);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await deeprent?.close();
  });

  it('lists live protocols newest first, and soft-deleted ones only when asked', () => {
    expect(live.length).toBeGreaterThan(50);
    for (const protocol of live) expect(protocol.deletedAt).toBeNull();
    const created = live.map((protocol) => protocol.createdAt!);
    expect(created).toEqual([...created].sort().reverse());
    const deleted = withDeleted.filter((protocol) => protocol.deletedAt !== null);
    expect(deleted.length).toBeGreaterThan(0);
    expect(withDeleted.filter((protocol) => protocol.deletedAt === null).map((p) => p.id)).toEqual(live.map((p) => p.id));
  });

  it('lists live protocols from the store once it holds deep.rent, as deep.rent lists them, with cursors that go on from either, without asking it', async () => {
    const restore = await forgetFullSyncs(app);
    let fromVendor: ProtocolPage['protocols'];
    let vendorCursor: string | null;
    try {
      fromVendor = (await app.graphql<ProtocolPage>(PAGE, { first: 500 })).data!.protocols;
      vendorCursor = (await app.graphql<ProtocolPage>(PAGE, { first: 10 })).data!.protocols.pageInfo.endCursor;
    } finally {
      await restore();
    }
    deeprent.server.resetStats();
    const stored = await app.graphql<ProtocolPage>(PAGE, { first: 500 });
    expect(stored.errors).toBeUndefined();
    expect(deeprent.server.stats().total).toBe(0);
    expect(stored.data!.protocols).toEqual(fromVendor);
    // A cursor the vendor's list gave goes on in the stored list at the same place.
    const fromTen = await app.graphql<ProtocolPage>(PAGE, { first: 5, after: vendorCursor });
    expect(fromTen.data!.protocols.edges.map((edge) => edge.node.id)).toEqual(fromVendor.edges.slice(10, 15).map((edge) => edge.node.id));
    // Soft-deleted protocols are not stored: a list with them is deep.rent's.
    deeprent.server.resetStats();
    await app.graphql<ProtocolPage>(PAGE, { first: 5, deleted: true });
    expect(deeprent.server.stats().byRoute['GET /external/protocols']).toBeGreaterThan(0);
  });

  it('visits each protocol once, in the same order, when walking `after`', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 50; page++) {
      const { data }: { data: ProtocolPage | null } = await app.graphql<ProtocolPage>(PAGE, { first: 30, after, deleted: true });
      seen.push(...data!.protocols.edges.map((edge) => edge.node.id));
      if (!data!.protocols.pageInfo.hasNextPage) break;
      after = data!.protocols.pageInfo.endCursor;
    }
    expect(seen).toEqual(withDeleted.map((p) => p.id));
  });

  it('links each protocol to the unit of its deep.rent object, whose protocols include it', async () => {
    const { data, errors } = await app.graphql<{ protocols: { edges: { node: { id: string; sources: { raw: { object: { id: string } } }[]; unit: { sources: { vendor: string; externalId: string }[]; protocols: { id: string }[] } } }[] } }>(
      '{ protocols(first: 40) { edges { node { id sources { raw } unit { sources { vendor externalId } protocols { id } } } } } }',
    );
    expect(errors).toBeUndefined();
    for (const { node } of data!.protocols.edges) {
      expect(node.unit.sources).toContainEqual({ vendor: 'DEEPRENT', externalId: node.sources[0]!.raw.object.id });
      expect(node.unit.protocols.map((p) => p.id)).toContain(node.id);
    }
  });

  it('fetches live and soft-deleted protocols by global id and by deep.rent id', async () => {
    for (const protocol of [live[0]!, withDeleted.find((p) => p.deletedAt !== null)!]) {
      const { data, errors } = await app.graphql<{ byId: { id: string; deletedAt: string | null }; bySource: { id: string } }>(
        `query($id: ID!, $ext: String!) {
          byId: node(id: $id) { id ... on Protocol { deletedAt } }
          bySource: nodeBySource(vendor: DEEPRENT, type: PROTOCOL, externalId: $ext) { id }
        }`,
        { id: protocol.id, ext: protocol.sources[0]!.externalId },
      );
      expect(errors).toBeUndefined();
      expect(data!.byId).toEqual({ id: protocol.id, deletedAt: protocol.deletedAt });
      expect(data!.bySource.id).toBe(protocol.id);
    }
  });

  it('asks for PDF links only when selected, and never returns one that has expired', async () => {
    const PDFS = '{ protocols(first: 2) { edges { node { id pdf { url fileName expiresAt } } } } }';
    type Pdfs = { protocols: { edges: { node: { pdf: { url: string; fileName: string; expiresAt: string } } }[] } };
    const pdfRoute = (stats: Record<string, number>) => Object.entries(stats).find(([route]) => route.endsWith('/pdf'))?.[1] ?? 0;

    deeprent.server.resetStats();
    await app.graphql(PAGE, { first: 2 });
    expect(pdfRoute(deeprent.server.stats().byRoute)).toBe(0);

    const first = await app.graphql<Pdfs>(PDFS);
    expect(first.errors).toBeUndefined();
    const links = first.data!.protocols.edges.map((edge) => edge.node.pdf);
    for (const link of links) {
      expect(Date.parse(link.expiresAt)).toBeGreaterThan(Date.now());
      const download = await request(link.url);
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-type']).toContain('application/pdf');
      await download.body.dump();
    }
    expect(pdfRoute(deeprent.server.stats().byRoute)).toBe(2);

    await sleep(PDF_TTL_SECONDS * 1000 + 500);
    const expired = await request(links[0]!.url);
    expect(expired.statusCode).toBe(403);
    await expired.body.dump();

    // A link with less than a minute left is handed out once and never again: the next query gets fresh ones.
    const again = await app.graphql<Pdfs>(PDFS);
    expect(again.errors).toBeUndefined();
    for (const [i, edge] of again.data!.protocols.edges.entries()) {
      expect(edge.node.pdf.url).not.toBe(links[i]!.url);
      expect(Date.parse(edge.node.pdf.expiresAt)).toBeGreaterThan(Date.now());
    }
    expect(pdfRoute(deeprent.server.stats().byRoute)).toBe(4);
  });

  it('reads the protocol list once for both the list with deletions and every unit\'s protocols', async () => {
    deeprent.server.resetStats();
    await app.services.vendors.of(deeprentModule)!.client.protocols({ includeDeleted: true });
    const pages = deeprent.server.stats().byRoute['GET /external/protocols']!;
    deeprent.server.resetStats();
    const { errors } = await app.graphql(`{
      protocols(first: 5, filter: { includeDeleted: true }) { edges { node { id } } }
      units(first: 50) { edges { node { sources { vendor } protocols { id } } } }
    }`);
    expect(errors).toBeUndefined();
    expect(deeprent.server.stats().byRoute).toEqual({ 'GET /external/protocols': pages });
  });

  it('reports deep.rent as LIVE and the other vendors as SIMULATED', async () => {
    const { data } = await app.graphql<{ vendors: { vendor: string; mode: string; healthy: boolean }[] }>('{ vendors { vendor mode healthy } }');
    expect(data!.vendors).toHaveLength(5);
    for (const vendor of data!.vendors) expect(vendor).toMatchObject({ mode: vendor.vendor === 'DEEPRENT' ? 'LIVE' : 'SIMULATED', healthy: true });
  });
});

describe('checkPdfLink', () => {
  const pdf = { url: 'https://files.example/p.pdf', fileName: 'p.pdf', expiresAt: '2030-01-01T00:00:10.000Z' };
  const at = Date.parse('2030-01-01T00:00:00.000Z');

  it('passes a link that is still valid', () => {
    expect(checkPdfLink(pdf, { vendor: 'DEEPRENT', externalId: 'abc123' }, at)).toBe(pdf);
  });

  it.each([['expires now', 10_000], ['expired', 20_000]])('refuses a link that %s with VENDOR_BAD_RESPONSE naming deep.rent', (_name, laterMillis) => {
    expect(() => checkPdfLink(pdf, { vendor: 'DEEPRENT', externalId: 'abc123' }, at + laterMillis)).toThrow(expect.objectContaining({ code: 'VENDOR_BAD_RESPONSE', vendor: 'DEEPRENT' }));
  });
});
