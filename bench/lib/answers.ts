/**
 * The rent-roll page as the bench compares answers to it: each unit by its rent-roll
 * id, with the rent roll's address fields and its leases (status, start, end, tenants'
 * names and emails). rentgraph, Mesh + Hive Gateway and Tailcall shape the page
 * differently; each shape is read into this one form, and two forms are compared
 * field by field, so a faster peer cannot be faster by answering less.
 */
export interface PageAddress {
  line1: string | null;
  unitNumber: string | null;
  city: string | null;
}

export interface PageUnit {
  address: PageAddress;
  /** One line per lease (see leaseLine), sorted: a unit's leases compared as a multiset. */
  leases: string[];
  tenants: number;
}

/** Units by rent-roll id. */
export type Page = Map<string, PageUnit>;

export type LeaseStatus = 'PAST' | 'CURRENT' | 'FUTURE';

interface RawLease {
  status: LeaseStatus;
  start: unknown;
  end: unknown;
  tenants: unknown;
}

type Json = Record<string, unknown>;

function object(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`expected ${what} to be an object, got ${JSON.stringify(value)?.slice(0, 200)}`);
  return value as Json;
}

function list(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`expected ${what} to be a list, got ${JSON.stringify(value)?.slice(0, 200)}`);
  return value;
}

/** Text as the page compares it: absent and empty are the same. */
function text(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  return String(value);
}

/** An instant whatever its spelling ("…T00:00:00Z" from the vendor, "…T00:00:00.000Z" from rentgraph). */
function instant(value: unknown): string {
  if (value === null || value === undefined) return '–';
  const millis = Date.parse(String(value));
  return Number.isNaN(millis) ? `unreadable ${JSON.stringify(value)}` : new Date(millis).toISOString();
}

function status(value: unknown): LeaseStatus {
  const upper = String(value).toUpperCase();
  if (upper === 'PAST' || upper === 'CURRENT' || upper === 'FUTURE') return upper;
  throw new Error(`expected a lease status of Past, Current or Future, got ${JSON.stringify(value)}`);
}

function leaseLine(lease: RawLease): { line: string; tenants: number } {
  const tenants = list(lease.tenants, 'a lease\'s tenants')
    .map((tenant) => {
      const t = object(tenant, 'a tenant');
      return `${text(t['name']) ?? '–'} <${text(t['email']) ?? '–'}>`;
    })
    .sort();
  return { line: `${lease.status} ${instant(lease.start)} → ${instant(lease.end)} [${tenants.join('; ')}]`, tenants: tenants.length };
}

function addUnit(page: Page, id: string, address: PageAddress, leases: readonly RawLease[]): void {
  if (page.has(id)) throw new Error(`expected each rent-roll unit once on the page, got unit ${id} twice`);
  const lines = leases.map(leaseLine);
  page.set(id, { address, leases: lines.map((l) => l.line).sort(), tenants: lines.reduce((sum, l) => sum + l.tenants, 0) });
}

function data(body: unknown): Json {
  const answer = object(body, 'the answer');
  if (answer['errors'] !== undefined) throw new Error(`expected an answer without errors, got ${JSON.stringify(answer['errors']).slice(0, 300)}`);
  return object(answer['data'], 'the answer\'s data');
}

/**
 * rentgraph: `units { edges { node { sources { vendor externalId } address { line1
 * unitNumber city } leases { status start end tenants { name email } } } } }`. A unit
 * is keyed by its rent-roll record; one without any is keyed so that no peer can match it.
 */
export function pageFromRentgraph(body: unknown): Page {
  const page: Page = new Map();
  const units = object(data(body)['units'], 'units');
  for (const edge of list(units['edges'], 'units.edges')) {
    const node = object(object(edge, 'an edge')['node'], 'an edge\'s node');
    const rentroll = list(node['sources'], 'a unit\'s sources')
      .map((source) => object(source, 'a source'))
      .filter((source) => source['vendor'] === 'RENTROLL')
      .map((source) => String(source['externalId']))
      .sort();
    const address = object(node['address'], 'a unit\'s address');
    const leases = list(node['leases'], 'a unit\'s leases').map((lease) => {
      const l = object(lease, 'a lease');
      return { status: status(l['status']), start: l['start'], end: l['end'], tenants: l['tenants'] };
    });
    const id = rentroll.length > 0 ? rentroll.join('+') : `(no rent-roll record: ${String(node['id'])})`;
    addUnit(page, id, { line1: text(address['line1']), unitNumber: text(address['unitNumber']), city: text(address['city']) }, leases);
  }
  return page;
}

/** Mesh + Hive Gateway: `active: getUnits(isActive: TRUE) { ID streetAddress unitNumber city leases { status leaseStart leaseEnd tenants { name email } } }` and `inactive:` likewise. */
export function pageFromHive(body: unknown): Page {
  const page: Page = new Map();
  const d = data(body);
  for (const unit of [...list(d['active'], 'active'), ...list(d['inactive'], 'inactive')]) {
    const u = object(unit, 'a unit');
    const leases = list(u['leases'], 'a unit\'s leases').map((lease) => {
      const l = object(lease, 'a lease');
      return { status: status(l['status']), start: l['leaseStart'], end: l['leaseEnd'], tenants: l['tenants'] };
    });
    addUnit(page, String(u['ID']), { line1: text(u['streetAddress']), unitNumber: text(u['unitNumber']), city: text(u['city']) }, leases);
  }
  return page;
}

/** Which Tailcall field holds which status (bench/peer/tailcall/rentroll.graphql: one field per status). */
export const TAILCALL_LEASE_FIELDS: Readonly<Record<'current' | 'future' | 'past', LeaseStatus>> = { current: 'CURRENT', future: 'FUTURE', past: 'PAST' };

/** Tailcall: `active: units(isActive: true) { id address { line1 unitNumber city } current: currentLeases { start end tenants { name email } } future: … past: … }` and `inactive:` likewise. */
export function pageFromTailcall(body: unknown): Page {
  const page: Page = new Map();
  const d = data(body);
  for (const unit of [...list(d['active'], 'active'), ...list(d['inactive'], 'inactive')]) {
    const u = object(unit, 'a unit');
    const address = object(u['address'], 'a unit\'s address');
    const leases = Object.entries(TAILCALL_LEASE_FIELDS).flatMap(([field, leaseStatus]) =>
      list(u[field], `a unit's ${field} leases`).map((lease) => {
        const l = object(lease, 'a lease');
        return { status: leaseStatus, start: l['start'], end: l['end'], tenants: l['tenants'] };
      }),
    );
    addUnit(page, String(u['id']), { line1: text(address['line1']), unitNumber: text(address['unitNumber']), city: text(address['city']) }, leases);
  }
  return page;
}

export interface PageComparison {
  /** What `actual` has that `expected` has not, and the other way round, one line each; empty when they match. */
  differences: string[];
  units: number;
  leases: number;
  tenants: number;
}

/** Compares a peer's page (`actual`) with rentgraph's (`expected`). */
export function comparePages(expected: Page, actual: Page): PageComparison {
  const differences: string[] = [];
  for (const id of expected.keys()) if (!actual.has(id)) differences.push(`unit ${id}: missing`);
  for (const [id, unit] of actual) {
    const want = expected.get(id);
    if (want === undefined) {
      differences.push(`unit ${id}: not on rentgraph's page`);
      continue;
    }
    for (const field of ['line1', 'unitNumber', 'city'] as const) {
      if (unit.address[field] !== want.address[field]) differences.push(`unit ${id}: address.${field} ${JSON.stringify(unit.address[field])}, rentgraph ${JSON.stringify(want.address[field])}`);
    }
    const remaining = [...want.leases];
    for (const lease of unit.leases) {
      const at = remaining.indexOf(lease);
      if (at < 0) differences.push(`unit ${id}: lease ${lease} not in rentgraph's answer`);
      else remaining.splice(at, 1);
    }
    for (const lease of remaining) differences.push(`unit ${id}: lease ${lease} missing`);
  }
  let leases = 0;
  let tenants = 0;
  for (const unit of actual.values()) {
    leases += unit.leases.length;
    tenants += unit.tenants;
  }
  return { differences, units: actual.size, leases, tenants };
}
