import { describe, expect, it } from 'vitest';
import { VendorError } from '../../../src/errors.js';
import type { Query, RequestOptions, VendorHttp } from '../../../src/vendors/http/index.js';
import { createRentengineClient } from '../../../src/vendors/rentengine/client.js';
import { createPageWalker } from '../../../src/vendors/rentengine/paging.js';
import { rawProspect } from '../../../src/vendors/rentengine/raw.js';

/**
 * The paging rules on pages a real server would be hard to make misbehave with: rows
 * that shift between pages, a list that never ends, filters that match nothing. The
 * client's walk against the simulator is in reads.test.ts.
 */
function stubHttp(pageOf: (query: Query) => unknown): VendorHttp & { queries: Query[] } {
  const queries: Query[] = [];
  return {
    vendor: 'RENTENGINE',
    queries,
    get: async (_path: string, options?: RequestOptions) => {
      queries.push(options?.query ?? {});
      return pageOf(options?.query ?? {});
    },
    getArray: async () => {
      throw new Error('no streamed reads here');
    },
    send: async () => {
      throw new Error('no writes here');
    },
    circuitState: () => 'CLOSED',
    stats: () => ({ calls: 0, upstreamRequests: 0, retries: 0, retriesDeniedByBudget: 0, deduped: 0, abandoned: 0, breakerRejections: 0, rateLimitWaits: 0, rateLimitRefusals: 0, failures: {} }),
    close: async () => {},
  };
}

const prospect = (id: number) => ({ id, name: `P${id}`, created_at: '2024-01-01T00:00:00Z' });

describe('RentEngine paging', () => {
  it('keeps one row per id when a row shifts onto the next page, with its latest copy in its first place', async () => {
    const pages = [[prospect(1), prospect(2), prospect(3)], [{ ...prospect(3), name: 'P3 renamed' }, prospect(4), prospect(5)], [prospect(6)]];
    const http = stubHttp((query) => pages[Number(query['page_number'])] ?? []);
    const rows = await createRentengineClient(http, { apiToken: 't', pageSize: 3 }).prospects();
    expect(rows.map((p) => [p.externalId, p.name])).toEqual([['1', 'P1'], ['2', 'P2'], ['3', 'P3 renamed'], ['4', 'P4'], ['5', 'P5'], ['6', 'P6']]);
    expect(http.queries.map((q) => [q['limit'], q['page_number']])).toEqual([[3, 0], [3, 1], [3, 2]]);
  });

  it('reads one more page when the last full page ends the list exactly', async () => {
    const http = stubHttp((query) => (query['page_number'] === 0 ? [prospect(1), prospect(2)] : []));
    const rows = await createRentengineClient(http, { apiToken: 't', pageSize: 2 }).prospects();
    expect(rows).toHaveLength(2);
    expect(http.queries).toHaveLength(2);
  });

  it('gives up on a list that never ends with VENDOR_BAD_RESPONSE after maxPages', async () => {
    const http = stubHttp((query) => [prospect(Number(query['page_number']) * 2), prospect(Number(query['page_number']) * 2 + 1)]);
    const read = createRentengineClient(http, { apiToken: 't', pageSize: 2, maxPages: 5 }).prospects();
    await expect(read).rejects.toThrow(VendorError);
    await expect(read).rejects.toMatchObject({ code: 'VENDOR_BAD_RESPONSE', message: expect.stringMatching(/GET \/prospects returned 5 full pages of 2 rows and did not end/) });
    expect(http.queries).toHaveLength(5);
  });

  it('asks for the next page while a full page is handed over, and for none after the last', async () => {
    const pages = [[prospect(1), prospect(2)], [prospect(3), prospect(4)], [prospect(5)]];
    const http = stubHttp((query) => pages[Number(query['page_number'])] ?? []);
    const asked: number[] = [];
    const walk = createPageWalker(http, {}, { pageSize: 2, maxPages: 10 });
    const read = await walk({ path: '/prospects', operation: 'GET /prospects', query: {}, schema: rawProspect }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      asked.push(http.queries.length);
    });
    expect(read).toBe(5);
    // Page 1 was asked for while page 0 was written, page 2 while page 1 was; the short page 2 ends the walk.
    expect(asked).toEqual([2, 3, 3]);
  });

  it('answers an empty id list with no rows and no call (an absent filter would mean everything)', async () => {
    const http = stubHttp(() => [prospect(1)]);
    const client = createRentengineClient(http, { apiToken: 't' });
    expect(await client.unitsByIds([])).toEqual([]);
    expect(await client.lockboxEvents({ unitIds: [], eventTypes: ['Install'] })).toEqual([]);
    expect(http.queries).toHaveLength(0);
  });

  it('sends each combination of batches when two id filters are both long', async () => {
    const http = stubHttp(() => []);
    const lockboxIds = Array.from({ length: 5 }, (_, i) => `l${i}`);
    const unitIds = Array.from({ length: 3 }, (_, i) => i + 1);
    await createRentengineClient(http, { apiToken: 't', batchSize: 2 }).lockboxInstallations({ lockboxIds, unitIds, active: true });
    expect(http.queries.map((q) => `${String(q['lockbox_ids'])}|${String(q['unit_ids'])}`).sort()).toEqual([
      'l0,l1|1,2', 'l0,l1|3', 'l2,l3|1,2', 'l2,l3|3', 'l4|1,2', 'l4|3',
    ]);
    expect(http.queries.every((q) => q['active'] === true)).toBe(true);
  });

  it('sends a repeated id once', async () => {
    const http = stubHttp(() => []);
    await createRentengineClient(http, { apiToken: 't' }).unitsByIds(['7', 7, '8', '7']);
    expect(http.queries.map((q) => q['unitIds'])).toEqual([['7', '8']]);
  });

  it('names the page and row of a row that breaks the shape', async () => {
    const http = stubHttp((query) => (query['page_number'] === 0 ? [prospect(1), prospect(2)] : [{ name: 'no id' }]));
    await expect(createRentengineClient(http, { apiToken: 't', pageSize: 2 }).prospects())
      .rejects.toMatchObject({ code: 'VENDOR_BAD_RESPONSE', message: expect.stringMatching(/GET \/prospects page 1 row 0 returned an unexpected payload at id/) });
  });

  it('rejects a page that is not an array', async () => {
    const http = stubHttp(() => ({ data: [] }));
    await expect(createRentengineClient(http, { apiToken: 't' }).subteams())
      .rejects.toMatchObject({ code: 'VENDOR_BAD_RESPONSE', message: expect.stringMatching(/GET \/subteams page 0 .* at the body: expected a JSON array of rows/) });
  });
});
