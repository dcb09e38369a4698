import type { Random } from '../world/index.js';
import { freeSlots } from './availability.js';
import { PROSPECT_SOURCES, prospectIdentity } from './seed-history.js';
import type { RentengineStore } from './store.js';
import type { LeasingEvent, LeasingEventType, LockboxEvent, Prospect, Unit } from './types.js';

/**
 * Live activity: what a busy RentEngine account does on its own. Each action is a
 * real write to the store, so it shows in reads and goes out as webhooks; tests use
 * the actions one by one to trigger the documented kinds of webhook.
 */

/** The leasing funnel's next step for each status that has one; others are ends. */
const NEXT_STEP: Partial<Record<LeasingEventType, LeasingEventType>> = {
  New: 'Contacted, Awaiting Information',
  'Contacted, Awaiting Information': 'Showing Desired',
  'Showing Desired': 'Showing Scheduled',
  'Showing Scheduled': 'Showing Complete',
  'Showing Complete': 'Application Received',
  'Application Received': 'Application Approved',
  'Application Approved': 'Lease Signed',
  'Missed Showing': 'Showing Desired',
};

/** Side exits: the share of steps from a status that leave the funnel instead. */
const EXITS: Partial<Record<LeasingEventType, readonly [LeasingEventType, number]>> = {
  New: ['Not Interested', 0.08],
  'Contacted, Awaiting Information': ['Not Interested', 0.1],
  'Showing Desired': ['Not Interested', 0.08],
  'Showing Scheduled': ['Missed Showing', 0.15],
  'Showing Complete': ['Not Interested', 0.15],
  'Application Received': ['Withdrawn', 0.08],
  'Application Approved': ['Withdrawn', 0.05],
};

export interface RentengineActivity {
  /** 1–3 funnel steps, sometimes a new prospect, sometimes a lockbox install or removal. */
  tick(): void;
  /** INSERT prospects + INSERT leasing_events ("New"). */
  newProspect(unitId?: number | null): Prospect;
  /** INSERT leasing_events + UPDATE prospects (and UPDATE units on "Lease Signed"); undefined if nobody can move. */
  stepProspect(prospectId?: number): LeasingEvent | undefined;
  /** INSERT lockbox_events: installs a spare lockbox at a unit without one, or removes one. */
  moveLockbox(kind?: 'Install' | 'Uninstall'): LockboxEvent | undefined;
  /** UPDATE units: a new asking rent, like the documented example record (unit 3318 when the world has it). */
  changeRent(unitId?: number): Unit | undefined;
}

export function createActivity(store: RentengineStore, random: Random): RentengineActivity {
  const pickRow = <T>(rows: readonly T[], accept: (row: T) => boolean): T | undefined => {
    for (let i = 0; i < 40 && rows.length > 0; i++) {
      const row = rows[Math.floor(random.next() * rows.length)]!;
      if (accept(row)) return row;
    }
    return undefined;
  };

  const scheduledFor = (prospect: Prospect): number | undefined =>
    prospect.unit_of_interest === null ? undefined : store.bookedSlotOf(prospect.id, prospect.unit_of_interest);

  const step = (prospect: Prospect): LeasingEvent | undefined => {
    const exit = EXITS[prospect.status];
    const next = exit !== undefined && random.chance(exit[1]) ? exit[0] : NEXT_STEP[prospect.status];
    if (next === undefined) return undefined;
    const unit = prospect.unit_of_interest === null ? undefined : store.units.get(prospect.unit_of_interest);
    const booked = scheduledFor(prospect);
    if (booked !== undefined && unit !== undefined && prospect.status === 'Showing Scheduled') store.unbook(unit.id, booked);
    let planned: string | null = null;
    if (next === 'Showing Scheduled' && unit !== undefined) {
      const slot = freeSlots(store, unit, store.now().getTime())[0];
      if (slot !== undefined) planned = new Date(slot.startMillis).toISOString();
    }
    const event = store.advanceProspect(prospect, next, { source: random.pick(['Phone Call', 'Text Message', 'Email', 'Automation']), planned_date_time: planned });
    if (planned !== null && unit !== undefined) store.book(unit.id, Date.parse(planned), event.id);
    if (next === 'Lease Signed' && unit !== undefined && unit.status !== 'Leased') store.updateUnit(unit, { status: 'Leased', is_occupied: true });
    return event;
  };

  const activity: RentengineActivity = {
    newProspect(unitId) {
      const unit = unitId === undefined ? pickRow(store.units.rows, (u) => u.status === 'Available') : unitId === null ? undefined : store.units.get(unitId);
      const identity = prospectIdentity(random, random.int(100_000, 999_999));
      const prospect = store.insertProspect({ ...identity, status: 'New', source: random.pick(PROSPECT_SOURCES), unit_of_interest: unit?.id ?? null });
      store.insertLeasingEvent({ prospect_id: prospect.id, unit_id: prospect.unit_of_interest, event_type: 'New', source: 'Automation', notes: null, planned_date_time: null });
      return prospect;
    },
    stepProspect(prospectId) {
      const prospect = prospectId === undefined
        ? pickRow(store.prospects.rows, (p) => NEXT_STEP[p.status] !== undefined)
        : store.prospects.get(prospectId);
      return prospect === undefined ? undefined : step(prospect);
    },
    moveLockbox(kind) {
      const install = kind === undefined ? random.chance(0.5) : kind === 'Install';
      const users = [...store.userIds];
      const metadata = { installer_id: users.length > 0 ? random.pick(users) : null, notes: install ? 'Installed for showings' : 'Removed after lease-up' };
      if (install) {
        const lockbox = pickRow(store.lockboxes.rows, (l) => store.openInstallation(l.id) === undefined);
        const unit = pickRow(store.units.rows, (u) => store.installationsAt(u.id).length === 0);
        return lockbox === undefined || unit === undefined ? undefined : store.recordLockboxEvent(lockbox, 'Install', unit.id, metadata);
      }
      const installation = pickRow(store.installations.rows, (i) => i.uninstalled_at === null);
      const lockbox = installation === undefined ? undefined : store.lockboxes.get(installation.lockbox_id);
      return installation === undefined || lockbox === undefined ? undefined : store.recordLockboxEvent(lockbox, 'Uninstall', Number(installation.unit_id), metadata);
    },
    changeRent(unitId) {
      const unit = store.units.get(unitId ?? 3318) ?? store.units.rows[0];
      if (unit === undefined) return undefined;
      const rent = unit.target_rental_rate === null ? NaN : Number(unit.target_rental_rate);
      return store.updateUnit(unit, { target_rental_rate: String((Number.isFinite(rent) ? rent : 1900) + 25) });
    },
    tick() {
      const steps = random.int(1, 3);
      for (let i = 0; i < steps; i++) activity.stepProspect();
      if (random.chance(0.3)) activity.newProspect();
      if (random.chance(0.2)) activity.moveLockbox();
    },
  };
  return activity;
}
