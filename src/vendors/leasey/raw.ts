import { z } from 'zod';
import { dateTime, id, nullableId, numeric } from '../../ports/raw-fields.js';

/**
 * Leasey.AI v2 payloads (docs/vendors.md, Leasey). Report rows are UPPER_Snake objects in a bare
 * array (docs/vendors.md); many fields are nullable, numbers may arrive as strings and
 * ids as numbers or strings. Only the fields the gateway maps are checked; the rest stay
 * in `raw`.
 */

/** A text field: strings as sent (trimmed), numbers as their text, blank or missing as null. */
export const label = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined ? null : String(v).trim() === '' ? null : String(v).trim()));


export const rawProperty = z.object({
  Property_ID: id,
  Property_URL_Slug: label,
  Property_Name: label,
  Unit_Name: label,
  Unit_Address: label,
  Unit_Status: label,
  Unit_Publish_Status: label,
  Suite_Number: label,
  City: label,
  Province_State: label,
  Postal_Code: label,
  Country: label,
  Date_Available: dateTime,
  Rent_Amount: numeric,
  Bedrooms: numeric,
  Bathrooms: numeric,
  Square_Footage: numeric,
  Description: label,
  Listing_URL: label,
  Vacancy_Status: label,
  Lead_Count: numeric,
  Showings_Total: numeric,
  Unit_Amenities: z.array(z.unknown()).nullish(),
  Images: z.array(z.unknown()).nullish(),
});

/**
 * A lead: a row of GET /reports/leads, and of GET /properties/leads (whose fields the
 * document does not list; the client reads them by the report's names and takes a
 * `Property_ID` when one is there).
 */
export const rawLead = z.object({
  Person_ID: id,
  Application_ID: nullableId,
  Applicant_ID: nullableId,
  Applicant_Rating: numeric,
  Tenancy_Application_Status: label,
  Lead_Approval_Status: label,
  Lead_Note: label,
  Application_Sent_Date: dateTime,
  Application_Received_Date: dateTime,
  Lead_Name: label,
  Lead_First_Name: label,
  Lead_Last_Name: label,
  Lead_Email: label,
  Lead_Phone: label,
  Application_Status: label,
  Lead_Source: label,
  Lead_Date_Created: dateTime,
  Property_ID: nullableId,
});

export const rawShowing = z.object({
  Unit_ID: nullableId,
  Property_ID: nullableId,
  Person_ID: nullableId,
  Date_start: dateTime,
  Date_end: dateTime,
  Showing_Status: label,
  TeamMember: label,
});

export const rawRows = z.array(z.unknown());

/** Integers Leasey reports of a write (ids, counts); anything else is read as absent. */
const count = z.unknown().transform((v) => (typeof v === 'number' && Number.isSafeInteger(v) ? v : typeof v === 'string' && /^\d{1,15}$/.test(v) ? Number(v) : null));

/**
 * What a write reports beyond the property (docs/vendors.md, Leasey): present only when
 * the request sent building amenities or team members. `skipped` lists the items that
 * could not be saved; the property itself was written.
 */
const writeBlocks = {
  building_amenities: z.object({ inserted: count, skipped: z.array(z.string()).nullish() }).nullish(),
  team_members: z.object({
    assigned: z.array(count).nullish(),
    created: z.array(z.object({
      team_member_id: count, user_id: count, person_id: count, email: label, already_existed: z.boolean().nullish(),
    })).nullish(),
    skipped: z.array(z.string()).nullish(),
  }).nullish(),
};

/** POST /properties → 201 (docs/vendors.md). */
export const rawCreated = z.object({
  property_id: id,
  url_slug: label,
  building_id: nullableId,
  floorplan_id: nullableId,
  message: label,
  ...writeBlocks,
});

/** PUT /properties/{id} → 200 (docs/vendors.md); the blocks as on create when amenities or team members were sent. */
export const rawUpdated = z.object({
  property_id: nullableId,
  message: label,
  building_id: nullableId,
  floorplan_id: nullableId,
  ...writeBlocks,
});

export type RawWriteAnswer = z.output<typeof rawUpdated>;
export type RawProperty = z.output<typeof rawProperty>;
export type RawLead = z.output<typeof rawLead>;
export type RawShowing = z.output<typeof rawShowing>;
