import type { Statement } from 'better-sqlite3';
import type { UnitMember, UnitParent } from '../domain/models.js';
import type { Vendor } from '../domain/vendor.js';
import type { Store } from '../store/sqlite.js';
import { normalizeCity } from './address.js';
import type { UnitDirectory, UnitFilterInput } from './directory.js';
import { normalizePostalCode } from './postal.js';
import { addressOfIndexedRecord } from './indexed-address.js';
import { parseStoredKeys } from './matchKey.js';
import { compareRecordRefs, VENDOR_PRECEDENCE } from './refs.js';

/**
 * The unit directory over the identity index: units in position order (positions.ts),
 * filtered in SQL on the normalized columns the sync stored. A unit matches a city,
 * postal code or vendor filter when any of its records does (vendors spell the same
 * unit differently), and the `active` filter on the merged flag the graph shows.
 */
export function createIndexDirectory(store: Store): UnitDirectory {
  const { db } = store;
  const statements = new Map<string, Statement<unknown[], MemberRow & { position: string }>>();
  const pageStatement = (sql: string) => {
    let statement = statements.get(sql);
    if (statement === undefined) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
  const unitByKey = db.prepare<[string], string>('SELECT unit_key FROM identity_units WHERE unit_key = ?').pluck();
  const unitByRef = db.prepare<[string, string], string>('SELECT unit_key FROM identity_records WHERE vendor = ? AND external_id = ?').pluck();
  const membersOf = db.prepare<[string], MemberRow>(
    `SELECT unit_key, ${MEMBER_COLUMNS} FROM identity_records r WHERE unit_key IN (SELECT value FROM json_each(?))`,
  );

  const unitsOf = (keys: readonly string[]): UnitParent[] => {
    if (keys.length === 0) return [];
    const rows = new Map<string, MemberRow[]>(keys.map((key) => [key, []]));
    for (const row of membersOf.all(JSON.stringify(keys))) rows.get(row.unit_key)?.push(row);
    return keys.map((key) => unitOf(key, rows.get(key)!));
  };
  const addressRows = db.prepare<[string], { vendor: Vendor; match_keys: string; country: string | null; city: string | null; postal_code: string | null }>(
    'SELECT vendor, match_keys, country, city, postal_code FROM identity_records WHERE unit_key = ?',
  );
  const one = (key: string | undefined): UnitParent | null => (key === undefined ? null : unitsOf([key])[0] ?? null);

  return {
    async page({ first, after, filter }) {
      const { where, params } = whereOf(filter);
      if (after !== null) {
        where.push('u.position > ?');
        params.push(after);
      }
      // One statement for the page and its members: first + 1 units (the extra one says whether a next page exists), each with its records.
      const units = `SELECT u.unit_key, u.position FROM identity_units u${where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`} ORDER BY u.position LIMIT ?`;
      const sql = `SELECT p.unit_key, p.position, ${MEMBER_COLUMNS} FROM (${units}) p LEFT JOIN identity_records r ON r.unit_key = p.unit_key ORDER BY p.position`;
      const keys: string[] = [];
      const positions: string[] = [];
      const members: MemberRow[][] = [];
      for (const row of pageStatement(sql).all(...params, first + 1)) {
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
    async byKey(key) {
      return one(unitByKey.get(key));
    },
    async byRef(ref) {
      return one(unitByRef.get(ref.vendor, ref.externalId));
    },
    async indexedAddress(key) {
      const rows = addressRows.all(key).sort((a, b) => VENDOR_PRECEDENCE.indexOf(a.vendor) - VENDOR_PRECEDENCE.indexOf(b.vendor));
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
  vendor: Vendor | null;
  external_id: string | null;
  matched_by: string | null;
  country: string | null;
  country_source: string | null;
}

const MEMBER_COLUMNS = 'r.vendor, r.external_id, r.matched_by, r.country, r.country_source';

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
  const ranked = [...rows].sort((a, b) => VENDOR_PRECEDENCE.indexOf(a.vendor!) - VENDOR_PRECEDENCE.indexOf(b.vendor!));
  const country = ranked.find((row) => row.country_source === 'stated' && row.country !== null)?.country
    ?? ranked.find((row) => row.country !== null)?.country ?? null;
  return { __typename: 'Unit', key, members, country };
}

/** SQL conditions for a filter; the SQL text depends only on which fields are set, so statements are reused. */
function whereOf(filter: UnitFilterInput): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const member = (condition: string, ...values: unknown[]) => {
    where.push(`EXISTS (SELECT 1 FROM identity_records r WHERE r.unit_key = u.unit_key AND ${condition})`);
    params.push(...values);
  };
  if (filter.active !== null && filter.active !== undefined) {
    where.push('u.active = ?');
    params.push(filter.active ? 1 : 0);
  }
  if (filter.vendor !== null && filter.vendor !== undefined) member('r.vendor = ?', filter.vendor);
  if (filter.city !== null && filter.city !== undefined) {
    // German cities fold "ue" to "u" ("Muenchen" = "München"); the stored form depends on the record's country.
    const plain = normalizeCity(filter.city, null);
    member('r.city IN (?, ?)', plain ?? '', normalizeCity(filter.city, 'DE') ?? '');
  }
  if (filter.postalCode !== null && filter.postalCode !== undefined) {
    // A prefix, as the rent-roll directory reads it: "LS6" finds "LS6 1AB". Normalized like the
    // stored codes (upper case, no spaces, ZIP+4 cut to five digits), so GLOB sees only [A-Z0-9].
    const postal = normalizePostalCode(filter.postalCode, null) ?? '';
    member("r.postal_code GLOB ? || '*'", postal.replace(/[^A-Z0-9]/g, ''));
  }
  return { where, params };
}
