import { toIsoDateTime } from '../../domain/dates.js';
import type { ProtocolModel, ProtocolPdfModel, UnitRecord } from '../../domain/models.js';
import { VendorError } from '../../errors.js';
import { checkPayload } from '../../ports/payloads.js';
import type { VendorHttp } from '../http/index.js';
import { toObjectRecord, toProtocolModel } from './map.js';
import { createPdfUrls } from './pdf.js';
import { PROTOCOL_ID, rawProtocol, rawProtocolPage } from './raw.js';

export interface DeeprentClientOptions {
  apiKey: string;
  /** Pages one walk may read before it fails. Default 1_000 (200,000 protocols at 200 a page). */
  maxPages?: number;
  /** Time limit of the PDF call only. Default 60_000: a first request builds the PDF, "up to ~60 seconds" (docs/vendors.md, deep.rent). */
  pdfTimeoutMillis?: number;
  /** A presigned URL is handed out again only while it stays valid at least this much longer. Default 60_000. */
  pdfUrlMarginMillis?: number;
  /** Clock in epoch milliseconds, for presigned URL lifetimes. Default Date.now. */
  now?: () => number;
}

export interface DeeprentProtocolsQuery {
  /** Soft-deleted protocols too (their `deletedAt` is set). Default false. */
  includeDeleted?: boolean;
  /** Rows per request, 1..200. Default 200 (the documented maximum). */
  limit?: number;
}

/** A protocol and the object (unit-like record) it is about. */
export interface DeeprentProtocol {
  protocol: ProtocolModel;
  object: UnitRecord | null;
}

export interface DeeprentProtocolsSince {
  /** Protocols created at or after the watermark, newest first. */
  protocols: DeeprentProtocol[];
  /** The newest createdAt seen (or the watermark passed in when nothing is newer): pass it back next time. */
  watermark: string;
}

/**
 * deep.rent's API-key surface (docs/vendors.md, deep.rent): list protocols and fetch PDF links, with the
 * key in `x-api-key`. The session-authenticated management surface (/api/api-keys,
 * /api/webhooks) is set up once by an organization owner and is not used by the gateway,
 * so this client does not cover it.
 */
export interface DeeprentClient {
  /** Every protocol, walking cursorTs/cursorId until hasMore is false (deduplicated by id), newest first. */
  protocols(query?: DeeprentProtocolsQuery): Promise<DeeprentProtocol[]>;
  /**
   * Protocols created at or after `watermark` (ISO 8601). The list runs newest first (the
   * cursor is the last row's createdAt), so the walk stops at the first older row.
   * Deletions of older protocols do not show here: webhooks or a full read bring those.
   */
  protocolsSince(watermark: string, query?: DeeprentProtocolsQuery): Promise<DeeprentProtocolsSince>;
  /**
   * Live protocols, newest first (all of them, or those created at or after `watermark`),
   * handed over a page at a time as pages arrive. Resolves with the newest createdAt
   * seen (or the watermark passed in), the next read's watermark.
   */
  streamProtocols(watermark: string | null, onPage: (protocols: DeeprentProtocol[]) => Promise<void>): Promise<string | null>;
  /** A presigned download link (see pdf.ts). The id is checked before any call. */
  protocolPdf(id: string): Promise<ProtocolPdfModel>;
}

const LIST = '/external/protocols';
const LIST_OPERATION = 'GET /external/protocols';

export function createDeeprentClient(http: VendorHttp, options: DeeprentClientOptions): DeeprentClient {
  const headers = { 'x-api-key': options.apiKey };
  const maxPages = options.maxPages ?? 1_000;

  /**
   * Walks the list newest first, each page's rows handed over before the next page is
   * asked for; stops early once `keep` turns a row away.
   */
  const walkPages = async (query: DeeprentProtocolsQuery, keep: (row: DeeprentProtocol) => boolean, onPage: (rows: DeeprentProtocol[]) => Promise<void>): Promise<void> => {
    const limit = query.limit ?? 200;
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) badInput(`limit must be an integer from 1 to 200, got ${limit}`);
    let cursor: { cursorTs: string; cursorId: string } | undefined;
    for (let page = 1; page <= maxPages; page++) {
      const body = await http.get(LIST, {
        query: { limit, includeDeleted: query.includeDeleted === true ? true : undefined, cursorTs: cursor?.cursorTs, cursorId: cursor?.cursorId },
        headers,
        operation: LIST_OPERATION,
      });
      const checked = checkPayload('DEEPRENT', LIST_OPERATION, rawProtocolPage, body);
      const rows: DeeprentProtocol[] = [];
      let ended = false;
      for (const [i, row] of checked.protocols.entries()) {
        const raw = checkPayload('DEEPRENT', `${LIST_OPERATION} protocols[${i}]`, rawProtocol, row);
        const original = row as { object?: unknown };
        const item = { protocol: toProtocolModel(raw, row), object: raw.object === null || raw.object === undefined ? null : toObjectRecord(raw.object, original.object) };
        if (!keep(item)) {
          ended = true;
          break;
        }
        rows.push(item);
      }
      await onPage(rows);
      if (ended || !checked.hasMore) return;
      const next = checked.nextCursor;
      if (next === null || next === undefined) fail('said hasMore without a nextCursor (expected cursorTs and cursorId to continue)');
      if (cursor !== undefined && next.cursorTs === cursor.cursorTs && next.cursorId === cursor.cursorId) {
        fail(`returned the same cursor twice (${next.cursorTs}, ${next.cursorId}) (expected each page to move to older rows)`);
      }
      cursor = next;
    }
    fail(`still had more rows after ${maxPages} pages (expected the list to end within maxPages)`);
  };

  /** The whole walk, deduplicated by id (a row seen twice keeps its first, newer copy). */
  const walk = async (query: DeeprentProtocolsQuery, keep: (row: DeeprentProtocol) => boolean): Promise<DeeprentProtocol[]> => {
    const rows = new Map<string, DeeprentProtocol>();
    await walkPages(query, keep, async (page) => {
      for (const item of page) if (!rows.has(item.protocol.externalId)) rows.set(item.protocol.externalId, item);
    });
    return [...rows.values()];
  };

  const sinceOf = (watermark: string): string => {
    let since: string | null = null;
    try {
      since = toIsoDateTime(watermark);
    } catch {
      since = null;
    }
    if (since === null) badInput(`protocolsSince needs an ISO 8601 watermark, got ${JSON.stringify(watermark)}`);
    return since;
  };

  const pdfUrls = createPdfUrls(http, headers, {
    timeoutMillis: options.pdfTimeoutMillis ?? 60_000,
    marginMillis: options.pdfUrlMarginMillis ?? 60_000,
    now: options.now ?? Date.now,
  });

  return {
    protocols: (query = {}) => walk(query, () => true),

    async protocolsSince(watermark, query = {}) {
      const from = sinceOf(watermark);
      const protocols = await walk(query, (row) => row.protocol.createdAt === null || row.protocol.createdAt >= from);
      const newest = protocols.reduce((max, row) => (row.protocol.createdAt !== null && row.protocol.createdAt > max ? row.protocol.createdAt : max), from);
      return { protocols, watermark: newest };
    },

    async streamProtocols(watermark, onPage) {
      const from = watermark === null ? null : sinceOf(watermark);
      let newest = from;
      await walkPages({}, (row) => from === null || row.protocol.createdAt === null || row.protocol.createdAt >= from, async (rows) => {
        for (const { protocol } of rows) if (protocol.createdAt !== null && (newest === null || protocol.createdAt > newest)) newest = protocol.createdAt;
        await onPage(rows);
      });
      return newest;
    },

    async protocolPdf(id) {
      if (!PROTOCOL_ID.test(id)) badInput(`protocol id must be at least 6 letters, digits, _ or -, got ${JSON.stringify(id.slice(0, 60))}`);
      return pdfUrls.get(id);
    },
  };
}

function badInput(message: string): never {
  throw new VendorError({ code: 'BAD_USER_INPUT', vendor: 'DEEPRENT', message: `DEEPRENT ${message}` });
}

function fail(message: string): never {
  throw new VendorError({ code: 'VENDOR_BAD_RESPONSE', vendor: 'DEEPRENT', message: `DEEPRENT ${LIST_OPERATION} ${message}` });
}
