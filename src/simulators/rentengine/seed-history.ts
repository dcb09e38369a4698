import { FIRST_NAMES, LAST_NAMES } from '../world/places.js';
import { seededUuid, type Random, type World } from '../world/index.js';
import { DAY_MS, isoMicro } from './seed-units.js';
import { localDate, localToUtcMillis, addDays, zoneForState } from './tz.js';
import type { LeasingEvent, LeasingEventType, Lockbox, LockboxEvent, LockboxInstallation, Prospect, Unit } from './types.js';

export interface LockboxHistory {
  lockboxes: Lockbox[];
  events: LockboxEvent[];
  installations: LockboxInstallation[];
}

const byCreatedAt = <T extends { created_at: string }>(a: T, b: T) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0);

/**
 * Sentrilock lockboxes with their install history: about 60% of units have one in
 * place now, some lockboxes were installed and removed before (and may be in place
 * elsewhere now), and some spares were never installed.
 */
export function seedLockboxes(world: World, units: readonly Unit[], users: readonly string[]): LockboxHistory {
  const random = world.random('rentengine:lockboxes');
  const anchor = world.anchor.getTime();
  const lockboxes: Lockbox[] = [];
  const events: LockboxEvent[] = [];
  const installations: LockboxInstallation[] = [];
  const spares: { lockbox: Lockbox; freeFrom: number }[] = [];
  let serial = 0;

  const newLockbox = (createdMillis: number, accountId: string): Lockbox => {
    // Serials rise in steps of 7 with a random remainder, so they are unique and look unordered.
    const at = isoMicro(createdMillis, random);
    const lockbox: Lockbox = { id: seededUuid(random), lockbox_type: 'Sentrilock', serial_number: String(2_400_000 + serial++ * 7 + random.int(0, 6)), account_id: accountId, created_at: at, updated_at: at };
    lockboxes.push(lockbox);
    return lockbox;
  };
  const event = (lockbox: Lockbox, type: LockboxEvent['event_type'], unit: Unit, millis: number, metadata: Record<string, unknown>) => {
    const record: LockboxEvent = { id: seededUuid(random), lockbox_id: lockbox.id, event_type: type, unit_id: String(unit.id), account_id: lockbox.account_id, created_at: isoMicro(millis, random), metadata };
    events.push(record);
    return record;
  };
  const install = (lockbox: Lockbox, unit: Unit, from: number, to: number | null) => {
    const installed = event(lockbox, 'Install', unit, from, { installer_id: random.pick(users), notes: random.pick(['Front door', 'Back gate', 'Garage side door']) });
    const removed = to === null ? null : event(lockbox, 'Uninstall', unit, to, { installer_id: random.pick(users), notes: 'Removed after lease-up' });
    installations.push({ id: seededUuid(random), lockbox_id: lockbox.id, unit_id: String(unit.id), installed_at: installed.created_at, uninstalled_at: removed?.created_at ?? null });
  };

  for (const unit of units) {
    const created = Date.parse(unit.created_at);
    const span = Math.max(anchor - created, 2 * DAY_MS);
    let from = created;
    if (random.chance(0.15)) {
      const installed = created + Math.floor(random.next() * span * 0.4);
      const removed = installed + DAY_MS + Math.floor(random.next() * span * 0.3);
      const lockbox = newLockbox(installed - random.int(1, 10) * DAY_MS, unit.account_id);
      install(lockbox, unit, installed, removed);
      spares.push({ lockbox, freeFrom: removed });
      from = removed;
    }
    if (random.chance(0.6)) {
      const reused = spares.length > 0 && random.chance(0.5) ? spares.shift() : undefined;
      const start = Math.max(from, reused?.freeFrom ?? 0) + 3_600_000;
      const installed = start + Math.floor(random.next() * Math.max(anchor - start - DAY_MS, 0));
      const lockbox = reused?.lockbox ?? newLockbox(installed - random.int(1, 10) * DAY_MS, unit.account_id);
      install(lockbox, unit, installed, null);
      if (random.chance(0.05)) event(lockbox, 'Generate Code', unit, installed + Math.floor(random.next() * (anchor - installed)), { code_type: 'ACCESS', created_for: 'Showing agent' });
    }
  }
  const extra = Math.ceil(units.length * 0.05) + 3;
  const accountOf = units[0]?.account_id;
  for (let i = 0; i < extra && accountOf !== undefined; i++) newLockbox(anchor - random.int(1, 400) * DAY_MS, accountOf);

  lockboxes.sort(byCreatedAt);
  events.sort(byCreatedAt);
  installations.sort((a, b) => (a.installed_at < b.installed_at ? -1 : a.installed_at > b.installed_at ? 1 : 0));
  return { lockboxes, events, installations };
}

const STATUS_WEIGHTS: readonly [LeasingEventType, number][] = [
  ['New', 15], ['Contacted, Awaiting Information', 12], ['Showing Desired', 10], ['Showing Scheduled', 10],
  ['Showing Complete', 10], ['Missed Showing', 5], ['Application Received', 8], ['Application Approved', 5],
  ['Lease Signed', 5], ['Not Interested', 12], ['Withdrawn', 4], ['Ghosting', 4],
];
const TOTAL_WEIGHT = STATUS_WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
export const PROSPECT_SOURCES = ['Zillow', 'Zillow', 'Apartments.com', 'Zumper', 'Facebook Marketplace', 'Craigslist', 'HotPads', 'RentEngine Website', 'Referral'];

function drawStatus(random: Random): LeasingEventType {
  let r = random.next() * TOTAL_WEIGHT;
  for (const [status, weight] of STATUS_WEIGHTS) {
    r -= weight;
    if (r < 0) return status;
  }
  return 'New';
}

export function prospectIdentity(random: Random, id: number): Pick<Prospect, 'name' | 'email' | 'phone'> {
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);
  return {
    name: `${first} ${last}`,
    email: `${first}.${last}.${id}@example.com`.toLowerCase().replace('ü', 'ue'),
    phone: `${random.pick(['512', '303', '614', '919', '217'])}555${String(random.int(0, 9999)).padStart(4, '0')}`,
  };
}

/** A showing slot start: local 09:00 to 18:30 on the half hour, `days` after the anchor's local date. */
export function seededSlotMillis(random: Random, unit: Unit, anchor: number, days: number): number {
  const zone = zoneForState(unit.address.state);
  return localToUtcMillis(zone, addDays(localDate(zone, anchor), days), random.int(9, 18), random.pick([0, 30]));
}

export interface ProspectHistory {
  prospects: Prospect[];
  /** The scheduled showings of prospects whose status is "Showing Scheduled". */
  leasingEvents: LeasingEvent[];
}

/** 0–4 prospects per unit (2 on average) plus a few with no unit of interest, created over the last 90 days. */
export function seedProspects(world: World, units: readonly Unit[]): ProspectHistory {
  const random = world.random('rentengine:prospects');
  const anchor = world.anchor.getTime();
  const prospects: Prospect[] = [];
  const leasingEvents: LeasingEvent[] = [];
  let nextId = 500_001;
  let nextEventId = 800_001;
  const booked = new Set<string>();

  const add = (unit: Unit | null) => {
    const id = nextId++;
    const created = anchor - Math.floor(random.next() * 90 * DAY_MS);
    const updated = created + Math.floor(random.next() * (anchor - created));
    const status = drawStatus(random);
    const prospect: Prospect = {
      id, ...prospectIdentity(random, id), status, source: random.pick(PROSPECT_SOURCES),
      unit_of_interest: unit?.id ?? null, created_at: isoMicro(created, random), updated_at: isoMicro(updated, random),
    };
    prospects.push(prospect);
    if (status === 'Showing Scheduled' && unit !== null) {
      const planned = seededSlotMillis(random, unit, anchor, random.int(1, 6));
      if (booked.has(`${unit.id}:${planned}`)) return;
      booked.add(`${unit.id}:${planned}`);
      leasingEvents.push({ id: nextEventId++, prospect_id: id, unit_id: unit.id, event_type: 'Showing Scheduled', source: 'Other', notes: null, planned_date_time: new Date(planned).toISOString(), created_at: prospect.updated_at });
    }
  };
  for (const unit of units) {
    const count = random.int(0, 4);
    for (let i = 0; i < count; i++) add(unit);
    if (random.chance(0.1)) add(null);
  }
  prospects.push(...tenantProspects(world, units, nextId));
  return { prospects, leasingEvents };
}

/**
 * Prospects who signed: for half the units the rent roll has a lease for, the lease's
 * primary tenant was a RentEngine prospect of that unit. As people type themselves in,
 * some gave their email in capitals with stray spaces, and some gave no email, only
 * the phone in another format. Drawn from a random of their own, so the other
 * prospects stay as they were.
 */
function tenantProspects(world: World, units: readonly Unit[], firstId: number): Prospect[] {
  const random = world.random('rentengine:tenant-prospects');
  const anchor = world.anchor.getTime();
  const latest = new Map<string, World['leases'][number]>();
  for (const lease of world.leases) {
    const seen = latest.get(lease.unitId);
    if (seen === undefined || lease.leaseStart > seen.leaseStart) latest.set(lease.unitId, lease);
  }
  const known = new Set(units.map((u) => u.id));
  const prospects: Prospect[] = [];
  let id = firstId + 100_000;
  for (const unit of world.units) {
    const rentengineId = unit.ids.rentengine;
    const lease = unit.ids.rentroll === undefined ? undefined : latest.get(unit.ids.rentroll);
    if (rentengineId === undefined || !known.has(rentengineId) || lease === undefined || !random.chance(0.5)) continue;
    const tenant = lease.tenants.find((t) => t.id === lease.primaryTenantId) ?? lease.tenants[0];
    if (tenant === undefined) continue;
    const created = Math.min(Date.parse(lease.leaseStart) - random.int(10, 40) * DAY_MS, anchor - DAY_MS);
    const style = prospects.length % 3;
    prospects.push({
      id: id++,
      name: tenant.name,
      email: style === 1 ? ` ${tenant.email.toUpperCase()} ` : style === 2 ? '' : tenant.email,
      phone: style === 2 ? tenant.phoneNumber.replace(/\D/g, '').replace(/^(\d)(\d{3})(\d+)$/, '$1 ($2) $3') : tenant.phoneNumber,
      status: 'Lease Signed',
      source: random.pick(PROSPECT_SOURCES),
      unit_of_interest: rentengineId,
      created_at: isoMicro(created, random),
      updated_at: isoMicro(Math.min(created + random.int(5, 20) * DAY_MS, anchor), random),
    });
  }
  return prospects;
}
