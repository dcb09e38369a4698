import { z } from 'zod';
import { dateTime, text } from '../../ports/raw-fields.js';

/**
 * deep.rent integrator API payloads (docs/vendors.md, deep.rent). A protocol snapshot is checked for the
 * fields the gateway maps; the rest (owner, store, documentCosts, ...) stays in `raw`.
 */

/** Text, blank as null. */
const blank = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined || String(v).trim() === '' ? null : String(v).trim()));


/** Protocol ids: "at least 6 characters; letters, digits, _, and - only" (docs/vendors.md, deep.rent). */
export const PROTOCOL_ID = /^[A-Za-z0-9_-]{6,}$/;

export const rawAddress = z.object({
  addressLine1: blank,
  city: blank,
  postalCode: blank,
  country: blank,
  countryCode: blank,
});

export const rawObject = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  name: blank,
  type: blank,
  address: rawAddress.nullish(),
});

export const rawContact = z.object({
  firstName: text,
  lastName: text,
  email: text,
  role: text,
});

export const rawProtocol = z.object({
  id: z.string().min(1),
  object: rawObject.nullish(),
  protocol: z.object({ cause: blank, createdAt: dateTime }).nullish(),
  contacts: z.array(rawContact).nullish().transform((v) => v ?? []),
  meta: z.object({ deletedAt: dateTime, tags: z.array(z.unknown()).nullish() }).nullish(),
});

/** GET /external/protocols: a page, newest first, with a cursor to the older rows. */
export const rawProtocolPage = z.object({
  protocols: z.array(z.unknown()),
  hasMore: z.boolean(),
  nextCursor: z.object({ cursorTs: z.string().min(1), cursorId: z.string().min(1) }).nullish(),
});

/** GET /external/protocols/:id/pdf. */
export const rawPdf = z.object({
  url: z.url(),
  fileName: blank,
  expiresIn: z.union([z.number(), z.string()]).nullish().transform((v) => {
    const n = v === null || v === undefined || v === '' ? Number.NaN : Number(v);
    return Number.isFinite(n) ? n : null;
  }),
  expiresAt: dateTime,
  generated: z.boolean().nullish(),
});

export type RawProtocol = z.output<typeof rawProtocol>;
export type RawObject = z.output<typeof rawObject>;
export type RawPdf = z.output<typeof rawPdf>;
