import { LOCKBOX_EVENT_TYPES, LOCKBOX_TYPES, UNIT_STATUSES } from './types.js';
import type { QuerySpec } from './validate.js';

/**
 * The query parameters of every GET, under their exact documented names (the
 * reference mixes camelCase and snake_case per tag). Routes parse with these and
 * the OpenAPI document lists them, so the two cannot drift. `limit` and
 * `page_number` are added to every list operation.
 */

export const unitsQuery = {
  unitIds: { kind: 'integers', description: 'Comma-separated unit ids' },
  extracted_from: { kind: 'string', description: "The caller's own identifier for the unit; any string, not unique" },
  accountId: { kind: 'uuid', description: 'Only units of this account' },
  statuses: { kind: 'enums', values: UNIT_STATUSES, description: 'Comma-separated unit statuses' },
  updated_after: { kind: 'date-time', description: 'Only units updated at or after this ISO 8601 time (incremental sync)' },
  updated_before: { kind: 'date-time', description: 'Only units updated before this ISO 8601 time' },
  city: { kind: 'string', description: 'City, compared without regard to case' },
  zip_codes: { kind: 'strings', description: 'Comma-separated ZIP codes' },
} as const satisfies QuerySpec;

export const lockboxesQuery = {
  serial_numbers: { kind: 'strings', description: "Comma-separated provider serial numbers" },
  lockbox_ids: { kind: 'uuids', description: 'Comma-separated RentEngine lockbox ids' },
  account_id: { kind: 'uuid', description: 'Only lockboxes of this account' },
  lockbox_type: { kind: 'enum', values: LOCKBOX_TYPES, description: 'Lockbox provider (Codebox is managed in the app only)' },
} as const satisfies QuerySpec;

export const lockboxEventsQuery = {
  lockbox_ids: { kind: 'uuids', description: 'Comma-separated lockbox ids' },
  lockbox_event_ids: { kind: 'uuids', description: 'Comma-separated lockbox event ids' },
  serial_numbers: { kind: 'strings', description: 'Comma-separated lockbox serial numbers' },
  account_id: { kind: 'uuid', description: 'Only events of this account' },
  lockbox_type: { kind: 'enum', values: LOCKBOX_TYPES, description: 'Lockbox provider' },
  event_types: { kind: 'enums', values: LOCKBOX_EVENT_TYPES, description: 'Comma-separated event types' },
  created_at_from: { kind: 'date-time', description: 'Only events created at or after this ISO 8601 time' },
  created_at_to: { kind: 'date-time', description: 'Only events created at or before this ISO 8601 time' },
  unit_ids: { kind: 'integers', description: 'Comma-separated unit ids' },
} as const satisfies QuerySpec;

export const lockboxInstallationsQuery = {
  lockbox_ids: { kind: 'uuids', description: 'Comma-separated lockbox ids' },
  unit_ids: { kind: 'integers', description: 'Comma-separated unit ids' },
  active: { kind: 'boolean', description: 'true: only installations still in place; false: only ended ones' },
} as const satisfies QuerySpec;

export const prospectsQuery = {
  created_after: { kind: 'date-time', description: 'Only prospects created at or after this ISO 8601 time' },
  created_before: { kind: 'date-time', description: 'Only prospects created before this ISO 8601 time' },
} as const satisfies QuerySpec;

export const multifamilyQuery = {
  ids: { kind: 'uuids', description: 'Comma-separated multifamily property ids' },
  account_id: { kind: 'uuid', description: 'Only properties of this account' },
} as const satisfies QuerySpec;

export const floorplansQuery = {
  ids: { kind: 'uuids', description: 'Comma-separated floorplan ids' },
  multifamily_property_ids: { kind: 'uuids', description: 'Comma-separated multifamily property ids' },
} as const satisfies QuerySpec;

export const subteamsQuery = {
  account_id: { kind: 'uuid', description: 'Only subteams of this account' },
} as const satisfies QuerySpec;

export const prescreeningTemplatesQuery = {
  templateIds: { kind: 'uuids', description: 'Comma-separated template ids' },
  accountId: { kind: 'uuid', description: 'Only templates of this account' },
  isDefault: { kind: 'boolean', description: "Only the account's default template (true) or only the others (false)" },
} as const satisfies QuerySpec;

export const availabilityQuery = {
  unitId: { kind: 'integer', required: true, description: 'The unit to show' },
} as const satisfies QuerySpec;
