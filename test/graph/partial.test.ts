import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vendor } from '../../src/domain/vendor.js';
import { startTestApp, type GraphQLResponse, type TestApp } from '../utils/app.js';
import { forgetFullSync } from '../utils/read-model.js';

const QUERY = `{
  units(first: 50) {
    edges { node { id address { line1 } sources { vendor externalId raw } leases { id } listings { vendor } protocols { id } } }
  }
  sturentsUnits: units(first: 5, filter: { vendor: STURENTS }) {
    edges { node { id address { line1 } listings { vendor } } }
  }
  listings(first: 500) { edges { node { vendor } } }
  protocols(first: 5) { edges { node { id } } }
}`;

interface Data {
  units: { edges: { node: { id: string; address: { line1: string }; sources: { vendor: Vendor; raw: unknown }[]; leases: unknown[]; listings: { vendor: Vendor }[]; protocols: unknown[] } }[] };
  sturentsUnits: { edges: { node: { id: string; address: { line1: string }; listings: { vendor: Vendor }[] } }[] };
  listings: { edges: { node: { vendor: Vendor } }[] };
  protocols: { edges: unknown[] };
}

/** Where each vendor's data shows in the query, for the checks below. */
const FIELD_OF: Record<Vendor, string> = { RENTROLL: 'leases', RENTENGINE: 'listings', LEASEY: 'listings', STURENTS: 'listings', DEEPRENT: 'protocols' };

/** What of `vendor` the answer holds. */
function shows(data: Data, vendor: Vendor): boolean {
  const units = data.units.edges.map((edge) => edge.node);
  switch (vendor) {
    case 'RENTROLL':
      return units.some((unit) => unit.leases.length > 0);
    case 'RENTENGINE':
    case 'LEASEY':
      return data.listings.edges.some((edge) => edge.node.vendor === vendor) && units.some((unit) => unit.listings.some((l) => l.vendor === vendor));
    case 'STURENTS':
      return data.listings.edges.some((edge) => edge.node.vendor === vendor) && data.sturentsUnits.edges.some((edge) => edge.node.listings.length > 0);
    case 'DEEPRENT':
      return data.protocols.edges.length > 0 && units.some((unit) => unit.protocols.length > 0);
    default: {
      const unexpected: never = vendor;
      throw new Error(`unknown vendor ${String(unexpected)}`);
    }
  }
}

const VENDORS: Vendor[] = ['RENTROLL', 'RENTENGINE', 'LEASEY', 'STURENTS', 'DEEPRENT'];

/** `vendor`'s data is in the answer: its fields and the raw payloads of its records. */
function expectDataOf(answer: GraphQLResponse<Data>, vendor: Vendor): void {
  expect(shows(answer.data!, vendor)).toBe(true);
  const records = answer.data!.units.edges.flatMap((edge) => edge.node.sources).filter((source) => source.vendor === vendor);
  for (const record of records) expect(record.raw).not.toBeNull();
}

/** Every error names `failing` with `code`, the fields it feeds hold none of its data, and every unit still has an address. */
function expectDegradedAround(answer: GraphQLResponse<Data>, failing: Vendor, code: string): void {
  expect(answer.status).toBe(200);
  expect(answer.data!.units.edges).toHaveLength(50);
  expect(answer.data!.sturentsUnits.edges).toHaveLength(5);
  // A street line with its house number, first ("12 Main St") or last ("Müllerstraße 5", "Königsweg 76 // 18").
  for (const edge of [...answer.data!.units.edges, ...answer.data!.sturentsUnits.edges]) expect(edge.node.address.line1).toMatch(/^(?:\d+\w* \S|\D+ \d+\w*\b)/);
  const errors = answer.errors ?? [];
  expect(errors.length).toBeGreaterThan(0);
  for (const error of errors) expect(error.extensions).toMatchObject({ code, vendor: failing });
  const fields = new Set(errors.map((error) => String(error.path?.at(-1))));
  expect(fields.has(FIELD_OF[failing])).toBe(true);
  expect(shows(answer.data!, failing)).toBe(false);
  const records = answer.data!.units.edges.flatMap((edge) => edge.node.sources).filter((source) => source.vendor === failing);
  for (const record of records) expect(record.raw).toBeNull();
}

describe.each(VENDORS)('partial results when %s fails before the store holds a full copy of it', (failing) => {
  let app: TestApp;
  let answer: GraphQLResponse<Data>;
  beforeAll(async () => {
    app = await startTestApp({ synced: true });
    await forgetFullSync(app, failing);
    // The cross-request cache would otherwise answer for Leasey and StuRents without asking them.
    app.services.cache.invalidate(failing);
    app.simulator(failing.toLowerCase() as Lowercase<Vendor>).server.setFaults({ errorRate: 1 });
    answer = await app.graphql<Data>(QUERY);
  }, 60_000);
  afterAll(async () => {
    await app.close();
  });

  it.each(VENDORS.filter((vendor) => vendor !== failing))('still returns %s data', (vendor) => {
    expectDataOf(answer, vendor);
  });

  it(`answers HTTP 200 with every unit, naming ${failing} with VENDOR_UNAVAILABLE at the fields it feeds`, () => {
    // The 503s, or the circuit they opened (the retried calls of one query can be enough to open it).
    expectDegradedAround(answer, failing, 'VENDOR_UNAVAILABLE');
  });
});

/** Short, but well above what the healthy vendors' part of QUERY takes on a loaded machine. */
const DEADLINE_MILLIS = 1_500;

describe.each(VENDORS)('partial results when %s hangs past the request deadline before the store holds a full copy of it', (hung) => {
  let app: TestApp;
  let answer: GraphQLResponse<Data>;
  let answerMillis: number;
  let sentByAnswer: number;
  let sentASecondLater: number;
  let retries: number;
  beforeAll(async () => {
    // The identity sync spends RentEngine's 20-requests-per-5-s window; waiting for it would cut RentEngine's data too.
    app = await startTestApp({ env: { RENTGRAPH_REQUEST_TIMEOUT_MS: String(DEADLINE_MILLIS), RENTENGINE_RATE_LIMIT: 'off' }, synced: true });
    await forgetFullSync(app, hung);
    // The first runs of a document pay for cold paths (first reads of the index, then compiling it) that have nothing to do with vendors.
    for (let run = 0; run < 2; run++) await app.graphql<Data>(QUERY);
    app.services.cache.invalidate(hung);
    const vendor = app.simulator(hung.toLowerCase() as Lowercase<Vendor>).server;
    const http = app.services.vendors.all().find((handle) => handle.vendor === hung)!.link;
    const retriesBefore = http.stats().retries;
    vendor.setFaults({ hang: true });
    vendor.resetStats();
    const started = performance.now();
    answer = await app.graphql<Data>(QUERY);
    answerMillis = performance.now() - started;
    sentByAnswer = vendor.stats().total;
    await sleep(1_000);
    sentASecondLater = vendor.stats().total;
    retries = http.stats().retries - retriesBefore;
  }, 60_000);
  afterAll(async () => {
    await app.close();
  });

  it('answers within the deadline plus one second', () => {
    expect(answerMillis).toBeLessThan(DEADLINE_MILLIS + 1_000);
  });

  it.each(VENDORS.filter((vendor) => vendor !== hung))('still returns %s data', (vendor) => {
    expectDataOf(answer, vendor);
  });

  it(`answers HTTP 200 with every unit, naming ${hung} with VENDOR_TIMEOUT at the fields it feeds`, () => {
    expectDegradedAround(answer, hung, 'VENDOR_TIMEOUT');
  });

  it(`sends ${hung} nothing after the deadline: no retry`, () => {
    expect(sentByAnswer).toBeGreaterThan(0);
    expect(sentASecondLater).toBe(sentByAnswer);
    expect(retries).toBe(0);
  });
});

describe.each(VENDORS)('when %s fails once the store holds a full copy of it', (failing) => {
  let app: TestApp;
  let answer: GraphQLResponse<Data>;
  let syncedOk: boolean | undefined;
  let calls: number;
  beforeAll(async () => {
    app = await startTestApp({ synced: true });
    const simulator = app.simulator(failing.toLowerCase() as Lowercase<Vendor>).server;
    simulator.setFaults({ errorRate: 1 });
    // The refresh fails (not answered from the cross-request cache): the vendor's last copy is now a stale one.
    app.services.cache.invalidate(failing);
    syncedOk = (await app.services.readModel.run()).vendors.find((outcome) => outcome.vendor === failing)?.ok;
    simulator.resetStats();
    answer = await app.graphql<Data>(QUERY);
    calls = simulator.stats().total;
  }, 60_000);
  afterAll(async () => {
    await app.close();
  });

  it(`still answers with every vendor's data, ${failing}'s from its last sync, and no error`, () => {
    expect(syncedOk).toBe(false);
    expect(answer.status).toBe(200);
    expect(answer.errors).toBeUndefined();
    for (const vendor of VENDORS) expectDataOf(answer, vendor);
  });

  it(`names ${failing} as stale since its last successful refresh, and only it`, () => {
    expect(answer.extensions?.freshness?.stale).toEqual([{ vendor: failing, since: expect.any(String) }]);
  });

  it(`does not call ${failing}`, () => {
    expect(calls).toBe(0);
  });
});
