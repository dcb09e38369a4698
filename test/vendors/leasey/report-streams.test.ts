import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordDraft, RecordPage } from '../../../src/ports/read-model.js';
import { SIM_CREDENTIALS } from '../../../src/simulators/credentials.js';
import { startLeaseySimulator } from '../../../src/simulators/leasey/server.js';
import type { RunningSimulator } from '../../../src/simulators/types.js';
import { createWorld } from '../../../src/simulators/world/index.js';
import { createVendorHttp, type VendorHttp } from '../../../src/vendors/http/index.js';
import { createLeaseyClient, type LeaseyClient } from '../../../src/vendors/leasey/client.js';
import { createLeaseyResources, LEASEY_RESOURCE } from '../../../src/vendors/leasey/resources.js';

const CREDS = SIM_CREDENTIALS.leasey;
const world = createWorld({ rentrollUnits: 60 });
/** Far below any of the reports, as 20 MB is below them at 50,000 units. */
const CAP_BYTES = 4_096;
const LEAD_CAP_BYTES = 32_768;
let sim: RunningSimulator;
const https: VendorHttp[] = [];

function clientOf(maxResponseBytes?: number): LeaseyClient {
  const http = createVendorHttp({
    vendor: 'LEASEY', baseUrl: sim.env['LEASEY_BASE_URL']!, secrets: [CREDS.apiToken, CREDS.companyPassword], logger: pino({ level: 'silent' }), retryBaseDelayMillis: 5,
    ...(maxResponseBytes !== undefined && { maxResponseBytes }),
  });
  https.push(http);
  return createLeaseyClient(http, { apiToken: sim.env['LEASEY_API_TOKEN']!, companyId: Number(sim.env['LEASEY_COMPANY_ID']), companyPassword: sim.env['LEASEY_COMPANY_PASSWORD']!, cacheTtlMillis: 0 });
}

/** Every draft a resource hands over in one complete read. */
async function readAll(client: LeaseyClient, resource: string): Promise<RecordDraft[]> {
  const source = createLeaseyResources(client).find((s) => s.resource === resource)!;
  const drafts: RecordDraft[] = [];
  const result = await source.read({ since: null, signal: new AbortController().signal, onPage: async (page: RecordPage) => void drafts.push(...(page.upserts ?? [])) });
  expect(result.complete).toBe(true);
  return drafts;
}

beforeAll(async () => {
  sim = await startLeaseySimulator({ world });
});
afterAll(async () => {
  await Promise.all(https.map((http) => http.close()));
  await sim.close();
});

describe('the Leasey reports a sync reads', () => {
  it('are refused whole by a response cap smaller than them', async () => {
    const capped = clientOf(CAP_BYTES);
    await expect(capped.showingsReport()).rejects.toThrow(/body over 4096 bytes/);
    await expect(capped.leadsReport()).rejects.toThrow(/body over 4096 bytes/);
  });

  it('read every showing past that cap, as the report holds them', async () => {
    const report = await clientOf().showingsReport();
    expect(report.length).toBeGreaterThan(0);
    const drafts = await readAll(clientOf(CAP_BYTES), LEASEY_RESOURCE.showings);
    expect(drafts.map((d) => d.externalId).sort()).toEqual(report.map((s) => s.externalId).sort());
  });

  it('read every lead past that cap, with the application the leads report gives it', async () => {
    const uncapped = clientOf();
    const expected = await readAll(uncapped, LEASEY_RESOURCE.leads);
    expect(expected.some((d) => (d.model as { application?: unknown }).application != null)).toBe(true);
    // The lead list is read a page at a time, each page a held response: the cap lets a page through, not the report.
    const capped = clientOf(LEAD_CAP_BYTES);
    await expect(capped.leadsReport()).rejects.toThrow(/body over/);
    const drafts = await readAll(capped, LEASEY_RESOURCE.leads);
    expect(drafts.map((d) => [d.externalId, (d.model as { application?: unknown }).application ?? null])).toEqual(expected.map((d) => [d.externalId, (d.model as { application?: unknown }).application ?? null]));
  });
});
