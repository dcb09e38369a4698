import { z } from 'zod';
import { toIsoDateTime } from '../domain/dates.js';

/**
 * Tolerant building blocks for raw payload schemas. Vendors send numbers as strings
 * and ids as numbers or strings; these accept the documented variants and normalize.
 */
export const id = z.union([z.string().min(1), z.number()]).transform(String);
export const nullableId = z.union([z.string(), z.number(), z.null()]).optional().transform((v) => (v === null || v === undefined || v === '' ? null : String(v)));
export const text = z.string().nullish().transform((v) => (v === undefined || v === null ? null : v));
export const numeric = z
  .union([z.number(), z.string(), z.null()])
  .optional()
  .transform((v, ctx) => {
    if (v === null || v === undefined || v === '') return null;
    const n = typeof v === 'number' ? v : Number(v.replace(/[$,\s]/g, ''));
    if (!Number.isFinite(n)) {
      ctx.addIssue({ code: 'custom', message: `expected a number or numeric string, got ${JSON.stringify(v)}` });
      return z.NEVER;
    }
    return n;
  });
export const bool = z.union([z.boolean(), z.null()]).optional().transform((v) => v ?? null);

/** Normalizes a timestamp inside a zod transform; text that is not one becomes an issue naming it. */
export function isoDateTimeIn(value: string | null | undefined, ctx: z.RefinementCtx): string | null {
  try {
    return toIsoDateTime(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: `expected an ISO 8601 date-time, got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
}

/** A timestamp normalized to ISO 8601 with offset; one without an offset is UTC (docs/vendors.md). Null when missing. */
export const dateTime = z.string().nullish().transform(isoDateTimeIn);
