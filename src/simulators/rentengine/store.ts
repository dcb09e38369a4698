import { seededUuid, type Random } from '../world/index.js';
import type { SeedData } from './seed.js';
import type {
  Account, Floorplan, LeasingEvent, LeasingEventType, Lockbox, LockboxEvent, LockboxEventType, LockboxInstallation,
  MultifamilyProperty, PrescreeningTemplate, Prospect, Subteam, Unit,
} from './types.js';

/** A change the vendor announces by webhook (ASSUMPTIONS.md: four tables). */
export type Change =
  | { table: 'units'; type: 'INSERT' | 'UPDATE'; record: Unit; old_record: Unit | null }
  | { table: 'prospects'; type: 'INSERT' | 'UPDATE'; record: Prospect; old_record: Prospect | null }
  | { table: 'leasing_events'; type: 'INSERT'; record: LeasingEvent; old_record: null }
  | { table: 'lockbox_events'; type: 'INSERT'; record: LockboxEvent; old_record: null };

/** Rows in list order with an index by id, so a lookup never scans. */
export class Table<K, V> {
  private readonly byKey = new Map<K, V>();
  constructor(private readonly keyOf: (row: V) => K, readonly rows: V[]) {
    for (const row of rows) this.byKey.set(keyOf(row), row);
  }
  get(key: K): V | undefined {
    return this.byKey.get(key);
  }
  insert(row: V): V {
    this.rows.push(row);
    this.byKey.set(this.keyOf(row), row);
    return row;
  }
  get size(): number {
    return this.rows.length;
  }
}

const MAX_CACHED_LISTS = 32;
const maxId = (rows: readonly { id: number }[], floor: number) => rows.reduce((max, row) => Math.max(max, row.id), floor);

/**
 * The simulator's state: every collection indexed by id, plus the indexes writes
 * and filters need (open installation per lockbox and per unit, prospect by email,
 * booked showing slots per unit). Every announced change goes through `onChange`; every
 * timestamp it writes, and every "now" of the routes and activity, comes from `now`.
 */
export class RentengineStore {
  readonly accounts: Map<string, Account>;
  readonly mainAccountId: string;
  readonly userIds: ReadonlySet<string>;
  readonly units: Table<number, Unit>;
  readonly lockboxes: Table<string, Lockbox>;
  readonly lockboxEvents: Table<string, LockboxEvent>;
  readonly installations: Table<string, LockboxInstallation>;
  readonly prospects: Table<number, Prospect>;
  readonly leasingEvents: Table<number, LeasingEvent>;
  readonly multifamily: Table<string, MultifamilyProperty>;
  readonly floorplans: Table<string, Floorplan>;
  readonly subteams: Table<string, Subteam>;
  readonly templates: Table<string, PrescreeningTemplate>;

  private readonly lockboxBySerial = new Map<string, Lockbox>();
  private readonly openByLockbox = new Map<string, LockboxInstallation>();
  private readonly openByUnit = new Map<string, LockboxInstallation[]>();
  private readonly prospectByEmail = new Map<string, Prospect>();
  /** unit id → slot start millis → the "Showing Scheduled" leasing event id. */
  private readonly bookings = new Map<number, Map<number, number>>();
  private nextUnitId: number;
  private nextProspectId: number;
  private nextLeasingEventId: number;
  private version = 0;
  private cacheVersion = 0;
  private readonly listCache = new Map<string, unknown[]>();

  constructor(seed: SeedData, private readonly random: Random, private readonly onChange: (change: Change) => void, readonly now: () => Date) {
    this.accounts = new Map(seed.accounts.map((a) => [a.id, a]));
    this.mainAccountId = seed.mainAccountId;
    this.userIds = new Set(seed.userIds);
    this.units = new Table((u) => u.id, seed.units);
    this.lockboxes = new Table((l) => l.id, seed.lockboxes);
    this.lockboxEvents = new Table((e) => e.id, seed.lockboxEvents);
    this.installations = new Table((i) => i.id, seed.installations);
    this.prospects = new Table((p) => p.id, seed.prospects);
    this.leasingEvents = new Table((e) => e.id, seed.leasingEvents);
    this.multifamily = new Table((m) => m.id, seed.multifamily);
    this.floorplans = new Table((f) => f.id, seed.floorplans);
    this.subteams = new Table((s) => s.id, seed.subteams);
    this.templates = new Table((t) => t.id, seed.templates);
    for (const lockbox of seed.lockboxes) this.lockboxBySerial.set(lockbox.serial_number, lockbox);
    for (const installation of seed.installations) if (installation.uninstalled_at === null) this.open(installation);
    for (const prospect of seed.prospects) this.prospectByEmail.set(prospect.email.toLowerCase(), prospect);
    for (const event of seed.leasingEvents) {
      if (event.unit_id !== null && event.planned_date_time !== null) this.book(event.unit_id, Date.parse(event.planned_date_time), event.id);
    }
    this.nextUnitId = maxId(seed.units, 3317) + 1;
    this.nextProspectId = maxId(seed.prospects, 500_000) + 1;
    this.nextLeasingEventId = maxId(seed.leasingEvents, 800_000) + 1;
  }

  newUuid(): string {
    return seededUuid(this.random);
  }

  /**
   * A filtered list, computed once per filter until the next write. Paging through
   * a filtered collection then costs one scan, not one per page.
   */
  cachedList<T>(key: string, compute: () => T[]): T[] {
    if (this.cacheVersion !== this.version) {
      this.listCache.clear();
      this.cacheVersion = this.version;
    }
    const hit = this.listCache.get(key);
    if (hit !== undefined) return hit as T[];
    const list = compute();
    if (this.listCache.size >= MAX_CACHED_LISTS) this.listCache.clear();
    this.listCache.set(key, list);
    return list;
  }

  private changed(change?: Change): void {
    this.version++;
    if (change !== undefined) this.onChange(change);
  }

  // ------------------------------------------------------------ units

  insertUnit(fields: Omit<Unit, 'id' | 'created_at' | 'updated_at'>): Unit {
    const at = this.now().toISOString();
    const unit = this.units.insert({ id: this.nextUnitId++, created_at: at, updated_at: at, ...fields });
    this.changed({ table: 'units', type: 'INSERT', record: unit, old_record: null });
    return unit;
  }

  updateUnit(unit: Unit, patch: Partial<Omit<Unit, 'id' | 'created_at'>>): Unit {
    const old = structuredClone(unit);
    Object.assign(unit, patch, { updated_at: this.now().toISOString() });
    this.changed({ table: 'units', type: 'UPDATE', record: unit, old_record: old });
    return unit;
  }

  // ------------------------------------------------------------ prospects and leasing events

  findProspectByEmail(email: string): Prospect | undefined {
    return this.prospectByEmail.get(email.toLowerCase());
  }

  insertProspect(fields: Omit<Prospect, 'id' | 'created_at' | 'updated_at'>): Prospect {
    const at = this.now().toISOString();
    const prospect = this.prospects.insert({ id: this.nextProspectId++, ...fields, created_at: at, updated_at: at });
    this.prospectByEmail.set(prospect.email.toLowerCase(), prospect);
    this.changed({ table: 'prospects', type: 'INSERT', record: prospect, old_record: null });
    return prospect;
  }

  updateProspect(prospect: Prospect, patch: Partial<Pick<Prospect, 'status' | 'unit_of_interest' | 'name' | 'phone'>>): Prospect {
    const old = structuredClone(prospect);
    Object.assign(prospect, patch, { updated_at: this.now().toISOString() });
    this.changed({ table: 'prospects', type: 'UPDATE', record: prospect, old_record: old });
    return prospect;
  }

  insertLeasingEvent(fields: Omit<LeasingEvent, 'id' | 'created_at'>): LeasingEvent {
    const event = this.leasingEvents.insert({ id: this.nextLeasingEventId++, ...fields, created_at: this.now().toISOString() });
    this.changed({ table: 'leasing_events', type: 'INSERT', record: event, old_record: null });
    return event;
  }

  /** A funnel step: the leasing event, then the prospect's new status. */
  advanceProspect(prospect: Prospect, status: LeasingEventType, extra: { source?: string | null; notes?: string | null; planned_date_time?: string | null } = {}): LeasingEvent {
    const event = this.insertLeasingEvent({
      prospect_id: prospect.id, unit_id: prospect.unit_of_interest, event_type: status,
      source: extra.source ?? null, notes: extra.notes ?? null, planned_date_time: extra.planned_date_time ?? null,
    });
    this.updateProspect(prospect, { status });
    return event;
  }

  // ------------------------------------------------------------ showings

  bookedSlots(unitId: number): ReadonlyMap<number, number> {
    return this.bookings.get(unitId) ?? new Map();
  }

  book(unitId: number, startMillis: number, leasingEventId: number): void {
    let slots = this.bookings.get(unitId);
    if (slots === undefined) this.bookings.set(unitId, (slots = new Map()));
    slots.set(startMillis, leasingEventId);
    this.changed();
  }

  unbook(unitId: number, startMillis: number): void {
    this.bookings.get(unitId)?.delete(startMillis);
    this.changed();
  }

  /** The slot of the prospect's booked showing of a unit, if any. */
  bookedSlotOf(prospectId: number, unitId: number): number | undefined {
    for (const [start, eventId] of this.bookedSlots(unitId)) {
      if (this.leasingEvents.get(eventId)?.prospect_id === prospectId) return start;
    }
    return undefined;
  }

  templateForUnit(unit: Unit): PrescreeningTemplate | undefined {
    const named = unit.prescreen_template_id === null ? undefined : this.templates.get(unit.prescreen_template_id);
    return named ?? this.templates.rows.find((t) => t.isDefault && t.accountId === unit.account_id) ?? this.templates.rows.find((t) => t.isDefault);
  }

  // ------------------------------------------------------------ lockboxes

  findLockboxBySerial(serial: string): Lockbox | undefined {
    return this.lockboxBySerial.get(serial);
  }

  insertLockbox(serial: string, accountId: string): Lockbox {
    const at = this.now().toISOString();
    const lockbox = this.lockboxes.insert({ id: this.newUuid(), lockbox_type: 'Sentrilock', serial_number: serial, account_id: accountId, created_at: at, updated_at: at });
    this.lockboxBySerial.set(serial, lockbox);
    this.changed();
    return lockbox;
  }

  moveLockbox(lockbox: Lockbox, accountId: string): Lockbox {
    Object.assign(lockbox, { account_id: accountId, updated_at: this.now().toISOString() });
    this.changed();
    return lockbox;
  }

  openInstallation(lockboxId: string): LockboxInstallation | undefined {
    return this.openByLockbox.get(lockboxId);
  }

  /** Installations in place at a unit, oldest first. */
  installationsAt(unitId: number): readonly LockboxInstallation[] {
    return this.openByUnit.get(String(unitId)) ?? [];
  }

  private open(installation: LockboxInstallation): void {
    this.openByLockbox.set(installation.lockbox_id, installation);
    const list = this.openByUnit.get(installation.unit_id);
    if (list === undefined) this.openByUnit.set(installation.unit_id, [installation]);
    else list.push(installation);
  }

  private close(installation: LockboxInstallation, at: string): void {
    installation.uninstalled_at = at;
    this.openByLockbox.delete(installation.lockbox_id);
    const rest = (this.openByUnit.get(installation.unit_id) ?? []).filter((i) => i !== installation);
    if (rest.length === 0) this.openByUnit.delete(installation.unit_id);
    else this.openByUnit.set(installation.unit_id, rest);
  }

  /**
   * Records a lockbox event; Install opens an installation, Uninstall closes the
   * lockbox's open one. The caller has checked that the event makes sense.
   */
  recordLockboxEvent(lockbox: Lockbox, type: LockboxEventType, unitId: number, metadata: Record<string, unknown>): LockboxEvent {
    const at = this.now().toISOString();
    const event = this.lockboxEvents.insert({ id: this.newUuid(), lockbox_id: lockbox.id, event_type: type, unit_id: String(unitId), account_id: lockbox.account_id, created_at: at, metadata });
    if (type === 'Install') {
      this.open(this.installations.insert({ id: this.newUuid(), lockbox_id: lockbox.id, unit_id: String(unitId), installed_at: at, uninstalled_at: null }));
    } else if (type === 'Uninstall') {
      const installation = this.openByLockbox.get(lockbox.id);
      if (installation !== undefined) this.close(installation, at);
    }
    this.changed({ table: 'lockbox_events', type: 'INSERT', record: event, old_record: null });
    return event;
  }

  // ------------------------------------------------------------ multifamily properties and floorplans

  upsertMultifamily(record: MultifamilyProperty): MultifamilyProperty {
    const existing = this.multifamily.get(record.id);
    const saved = existing === undefined ? this.multifamily.insert(record) : Object.assign(existing, record);
    this.changed();
    return saved;
  }

  upsertFloorplan(record: Floorplan): Floorplan {
    const existing = this.floorplans.get(record.id);
    const saved = existing === undefined ? this.floorplans.insert(record) : Object.assign(existing, record);
    this.changed();
    return saved;
  }
}
