import { sql, type ExpressionBuilder } from 'kysely';
import type { UnitMember, UnitParent } from '../domain/models.js';
import { compareVendors, type Vendor } from '../domain/vendor.js';
import type { Store } from '../store/store.js';
import type { Tables } from '../store/tables.js';
import { normalizeCity } from './address.js';
import type { UnitDirectory, UnitFilterInput } from '../ports/directory.js';
import { normalizePostalCode } from './postal.js';
import { addressOfIndexedRecord } from './indexed-address.js';
import { parseStoredKeys } from './matchKey.js';
import { compareRecordRefs } from '../domain/refs.js';

/**
 * The unit directory over the identity index: units in position order (positions.ts),
 * filtered in SQL on the normalized columns the sync stored. Pages list live units
 * only, so a unit merged into another is never listed twice; its key still finds the
 * unit it was merged into (`byKey`). A unit matches a city,
 * postal code or vendor filter when any of its records does (vendors spell the same
 * unit differently), and the `active` filter on the merged flag the graph shows.
 */
export function createIndexDirectory(store: Store): UnitDirectory {
  const { read } = store;

  const unitsOf = async (keys: readonly string[]): Promise<UnitParent[]> => {
    if (keys.length === 0) return [];
    const rows = new Map<string, MemberRow[]>(keys.map((key) => [key, []]));
    const found = await read.selectFrom('identity_records as r').select(['r.unit_key', ...MEMBER_COLUMNS]).where('r.unit_key', 'in', keys).execute();
    for (const row of found) rows.get(row.unit_key)?.push(row);
    return keys.map((key) => unitOf(key, rows.get(key)!));
  };
  const one = async (key: string | undefined): Promise<UnitParent | null> => (key === undefined ? null : (await unitsOf([key]))[0] ?? null);

  return {
    async page({ first, after, filter }) {
      // One statement for the page and its members: first + 1 units (the extra one says whether a next page exists), each with its records.
      let units = read.selectFrom('identity_units as u').select(['u.unit_key', 'u.position']).where((eb) => eb.and(conditionsOf(eb, filter)));
      if (after !== null) units = units.where('u.position', '>', after);
      const rows = await read
        .selectFrom(units.orderBy('u.position').limit(first + 1).as('p'))
        .leftJoin('identity_records as r', 'r.unit_key', 'p.unit_key')
        .select(['p.unit_key', 'p.position', ...MEMBER_COLUMNS])
        .orderBy('p.position')
        .execute();
      const keys: string[] = [];
      const positions: string[] = [];
      const members: MemberRow[][] = [];
      for (const row of rows) {
        if (keys.at(-1) !== row.unit_key) {
          keys.push(row.unit_key);
          positions.push(row.position);
          members.push([]);
        }
        if (row.vendor !== null && row.external_id !== null) members.at(-1)!.push(row);
      }
      const count = Math.min(first, keys.length);
      return {
        units: keys.slice(0, count).map((key, i) => unitOf(key, members[i]!)),
        positions: positions.slice(0, count),
        hasNextPage: keys.length > first,
      };
    },
    async byKeys(keys) {
      const units = await unitsOf(keys);
      return units.filter((unit) => unit.members.length > 0);
    },
    async byKey(key) {
      const live = await read.selectFrom('identity_units').select('unit_key').where('unit_key', '=', key).executeTakeFirst();
      if (live !== undefined) return one(live.unit_key);
      // A unit merged into another (by a link or a rule) answers as the unit that holds its records now; retirements point at a live key in one step.
      const retired = await read.selectFrom('identity_retired_units').select('surviving_key').where('unit_key', '=', key).executeTakeFirst();
      if (retired === undefined) return null;
      return one((await read.selectFrom('identity_units').select('unit_key').where('unit_key', '=', retired.surviving_key).executeTakeFirst())?.unit_key);
    },
    async byRef(ref) {
      return one((await read.selectFrom('identity_records').select('unit_key').where('vendor', '=', ref.vendor).where('external_id', '=', ref.externalId).executeTakeFirst())?.unit_key);
    },
    async indexedAddress(key) {
      const rows = (await read.selectFrom('identity_records').select(['vendor', 'match_keys', 'country', 'city', 'postal_code']).where('unit_key', '=', key).execute())
        .sort(compareVendors);
      for (const row of rows) {
        const address = addressOfIndexedRecord({ keys: parseStoredKeys(row.match_keys), country: row.country, city: row.city, postalCode: row.postal_code });
        if (address !== null) return address;
      }
      return null;
    },
  };
}

interface MemberRow {
  unit_key: string;
  vendor: string | null;
  external_id: string | null;
  matched_by: string | null;
  country: string | null;
  country_source: string | null;
}

const MEMBER_COLUMNS = ['r.vendor', 'r.external_id', 'r.matched_by', 'r.country', 'r.country_source'] as const;

/**
 * A unit from its member rows: members in ref order with the rule that joined each, and
 * the unit's country: a stated one first, else an inferred one, each in vendor precedence
 * (stated countries never disagree within a unit: cluster.ts keeps them apart).
 */
function unitOf(key: string, rows: readonly MemberRow[]): UnitParent {
  const members: UnitMember[] = rows
    .filter((row): row is MemberRow & { vendor: Vendor; external_id: string } => row.vendor !== null && row.external_id !== null)
    .map((row) => ({ vendor: row.vendor, externalId: row.external_id, matchedBy: row.matched_by }))
    .sort(compareRecordRefs);
  const ranked = [...rows].sort(compareVendors);
  const country = ranked.find((row) => row.country_source === 'stated' && row.country !== null)?.country
    ?? ranked.find((row) => row.country !== null)?.country ?? null;
  return { __typename: 'Unit', key, members, country };
}

type UnitScope = ExpressionBuilder<Tables & { u: Tables['identity_units'] }, 'u'>;

/** Conditions for a filter. A unit matches a city, postal code or vendor filter when any of its records does. */
function conditionsOf(eb: UnitScope, filter: UnitFilterInput) {
  const conditions = [];
  const member = (condition: (r: ExpressionBuilder<Tables & { r: Tables['identity_records'] }, 'r'>) => ReturnType<UnitScope['and']>) =>
    eb.exists(eb.selectFrom('identity_records as r').select(sql<number>`1`.as('one')).whereRef('r.unit_key', '=', 'u.unit_key').where((r) => condition(r)));
  if (filter.active !== null && filter.active !== undefined) conditions.push(eb('u.active', '=', filter.active ? 1 : 0));
  const { vendor, city, postalCode } = filter;
  if (vendor !== null && vendor !== undefined) conditions.push(member((r) => r.and([r('r.vendor', '=', vendor)])));
  if (city !== null && city !== undefined) {
    // German cities fold "ue" to "u" ("Muenchen" = "München"); the stored form depends on the record's country.
    const forms = [normalizeCity(city, null) ?? '', normalizeCity(city, 'DE') ?? ''];
    conditions.push(member((r) => r.and([r('r.city', 'in', forms)])));
  }
  if (postalCode !== null && postalCode !== undefined) {
    // A prefix, as a vendor's interim directory reads it: "LS6" finds "LS6 1AB". Normalized like the
    // stored codes (upper case, no spaces, ZIP+4 cut to five digits), so only [A-Z0-9] remain
    // and a range on the byte-ordered column finds the prefix on both engines.
    const prefix = (normalizePostalCode(postalCode, null) ?? '').replace(/[^A-Z0-9]/g, '');
    conditions.push(member((r) => r.and([r('r.postal_code', '>=', prefix), r('r.postal_code', '<', `${prefix}\u{10FFFF}`)])));
  }
  return conditions;
}
