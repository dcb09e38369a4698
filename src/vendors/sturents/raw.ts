import { z } from 'zod';
import { toIsoDate } from '../../domain/dates.js';
import { id } from '../../ports/raw-fields.js';

/**
 * StuRents houses API payloads (docs/vendors.md, StuRents). "All data types are assumed
 * to be strings unless stated otherwise. All strings and arrays may be empty": numbers
 * arrive as "3", an empty string means "not given" (null here), and an empty array may
 * come as [] or "". Only the fields the gateway maps are checked; the rest stay in `raw`.
 */

/** Text, blank as null. */
export const blank = z
  .union([z.string(), z.number(), z.boolean(), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined || String(v).trim() === '' ? null : String(v).trim()));

/** A number sent as text. "zero" is a word StuRents uses for beds (a studio). */
export const count = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v, ctx) => {
    if (v === null || v === undefined) return null;
    if (typeof v === 'number') return v;
    const text = v.trim();
    if (text === '') return null;
    if (text.toLowerCase() === 'zero') return 0;
    const n = Number(text.replace(/[£,\s]/g, ''));
    if (!Number.isFinite(n)) {
      ctx.addIssue({ code: 'custom', message: `expected a number or numeric string, got ${JSON.stringify(v)}` });
      return z.NEVER;
    }
    return n;
  });

/** A calendar date (YYYY-MM-DD), blank as null. */
export const day = blank.transform((v, ctx) => {
  try {
    return toIsoDate(v);
  } catch {
    ctx.addIssue({ code: 'custom', message: `expected a date (YYYY-MM-DD), got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
});

/** An array that may be sent as "" or null when empty. */
function list<T extends z.ZodType>(item: T) {
  // Preprocessed rather than a union, so a bad item is reported at its own path.
  return z.preprocess((v) => (v === '' || v === null || v === undefined ? [] : v), z.array(item));
}

/** A "yes" answer in the ways a string-typed API writes booleans. */
export const flag = z
  .union([z.boolean(), z.string(), z.number(), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined || v === '' ? null : v === true || v === 1 || ['true', '1', 'yes'].includes(String(v).toLowerCase())));

export const rawAvailability = z.object({ start_date: day, end_date: day, min_contract_days: count });

export const rawContract = z.object({
  price: z.object({ amount: count, amount_per: blank, time_period: blank }).nullish(),
  deposit: z.object({ amount: count, amount_per: blank }).nullish(),
  available: rawAvailability.nullish(),
});

export const rawHouse = z.object({
  reference: id.refine((v) => v.trim() !== '', 'expected a non-empty reference'),
  available: list(rawAvailability),
  designation: blank,
  beds_available: count,
  beds_total: count,
  rooms_let_individually: flag,
  room_type: blank,
  property_type: blank,
  description: blank,
  bathrooms: count,
  floor_space: count,
  address: z
    .object({ property_name: blank, property_number: blank, road_name: blank, city: blank, postcode: blank })
    .nullish(),
  contracts: list(rawContract),
  facilities: list(z.unknown()),
  media: z.object({ photos: list(z.unknown()), videos: list(z.unknown()), floorplans: list(z.unknown()) }).nullish(),
});

/** The list object of every read: one branch with its properties, and `pagination` past 50 properties. */
export const rawHouseList = z.object({
  /** "yyyy-mm-dd hh:min:sec", the vendor's clock at the read. */
  date: blank,
  branches: list(z.object({ agent_id: blank, name: blank, website: blank, properties: list(z.unknown()) })),
  pagination: z.object({ pages: count, current: count, next: count, prev: count }).nullish(),
});

export type RawHouse = z.output<typeof rawHouse>;
export type RawHouseList = z.output<typeof rawHouseList>;
export type RawContract = z.output<typeof rawContract>;
