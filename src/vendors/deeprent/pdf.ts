import type { ProtocolPdfModel } from '../../domain/models.js';
import { VendorError } from '../../errors.js';
import { checkPayload } from '../../ports/payloads.js';
import type { VendorHttp } from '../http/index.js';
import { rawPdf } from './raw.js';

const OPERATION = 'GET /external/protocols/:id/pdf';
const MAX_KEPT = 500;

interface Kept {
  pdf: ProtocolPdfModel;
  validUntilMillis: number;
}

/**
 * Presigned PDF links (docs/vendors.md, deep.rent): the first request for a protocol may build the PDF
 * (up to ~60 s, hence the long time limit on this call only); the link works without the
 * API key until `expiresAt`, and a fresh one must be asked for after that.
 *
 * A link is kept and handed out again while it stays valid for `marginMillis` more, so
 * the one who gets it has time to download; after that a fresh link is asked for. A link
 * is never kept past its expiry. Its lifetime is measured from `expiresIn` when sent (a
 * duration, immune to clock skew between us and deep.rent), else from `expiresAt`.
 */
export function createPdfUrls(http: VendorHttp, headers: Record<string, string>, options: { timeoutMillis: number; marginMillis: number; now: () => number }) {
  const kept = new Map<string, Kept>();

  const fetchLink = async (id: string): Promise<Kept> => {
    const body = await http.get(`/external/protocols/${encodeURIComponent(id)}/pdf`, { headers, operation: OPERATION, timeoutMillis: options.timeoutMillis });
    const receivedAt = options.now();
    const raw = checkPayload('DEEPRENT', OPERATION, rawPdf, body);
    const validUntilMillis = raw.expiresIn !== null ? receivedAt + raw.expiresIn * 1000 : raw.expiresAt !== null ? Date.parse(raw.expiresAt) : Number.NaN;
    if (!(validUntilMillis > receivedAt)) {
      throw new VendorError({
        code: 'VENDOR_BAD_RESPONSE',
        vendor: 'DEEPRENT',
        message: `DEEPRENT ${OPERATION} returned a link that had already expired or has no expiry (expiresIn ${raw.expiresIn ?? 'missing'}, expiresAt ${raw.expiresAt ?? 'missing'}; expected a link valid for some time)`,
      });
    }
    const expiresAt = raw.expiresAt ?? new Date(validUntilMillis).toISOString();
    return { pdf: { url: raw.url, fileName: raw.fileName ?? `protocol-${id}.pdf`, expiresAt }, validUntilMillis };
  };

  return {
    async get(id: string): Promise<ProtocolPdfModel> {
      const known = kept.get(id);
      if (known !== undefined && known.validUntilMillis - options.marginMillis > options.now()) return known.pdf;
      kept.delete(id);
      const fresh = await fetchLink(id);
      // A link that would not outlive the margin is handed out once and not kept.
      if (fresh.validUntilMillis - options.marginMillis > options.now()) {
        kept.set(id, fresh);
        if (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value!);
      }
      return fresh.pdf;
    },
  };
}
