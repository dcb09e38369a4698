import type { PhysicalUnit, Random, World } from '../world/index.js';

/**
 * The houses StuRents lists for our landlord. One small record per house; the
 * property object is drawn from it on demand (property.ts), so a world of 100,000
 * rent-roll units stays cheap. Records are kept in the order they were added, which
 * is also the order of every list, so pages stay stable while houses are added.
 */
export interface HouseRecord {
  reference: string;
  unit: PhysicalUnit;
  /** When the house was added to StuRents, for /added-since; whole seconds. */
  addedAtMs: number;
  /** Monthly rent of the whole property in GBP; moved by price changes. */
  rentMonthly: number;
}

const DAY_MS = 86_400_000;
const ADDED_SPREAD_DAYS = 730;

export class HouseStore {
  readonly byReference = new Map<string, HouseRecord>();
  /** Oldest first; ties by reference. */
  readonly ordered: HouseRecord[] = [];
  /** Units in StuRents' country that StuRents does not list yet: candidates for new houses. */
  private readonly unlisted: PhysicalUnit[];
  private nextNumber: number;

  constructor(world: World) {
    const random = world.random('sturents:houses');
    const anchorMs = world.anchor.getTime();
    let highest = 0;
    for (const unit of world.units) {
      const reference = unit.ids.sturents;
      if (reference === undefined) continue;
      const addedAtMs = Math.floor((anchorMs - random.int(1, ADDED_SPREAD_DAYS) * DAY_MS + random.int(0, DAY_MS - 1)) / 1000) * 1000;
      const record: HouseRecord = { reference, unit, addedAtMs, rentMonthly: unit.rentMonthly };
      this.byReference.set(reference, record);
      this.ordered.push(record);
      highest = Math.max(highest, Number(/\d+/.exec(reference)?.[0] ?? 0));
    }
    this.ordered.sort(compareHouses);
    this.unlisted = world.units.filter((u) => u.country === 'GB' && u.ids.sturents === undefined);
    this.nextNumber = highest + 1;
  }

  /** Lists a unit not listed before under a new reference; undefined when every candidate is listed. */
  addHouse(random: Random, nowMs: number): HouseRecord | undefined {
    if (this.unlisted.length === 0) return undefined;
    const index = random.int(0, this.unlisted.length - 1);
    const unit = this.unlisted[index]!;
    this.unlisted[index] = this.unlisted[this.unlisted.length - 1]!;
    this.unlisted.pop();
    const record: HouseRecord = { reference: `SR${this.nextNumber++}`, unit, addedAtMs: Math.floor(nowMs / 1000) * 1000, rentMonthly: unit.rentMonthly };
    this.byReference.set(record.reference, record);
    this.ordered.splice(this.firstAddedAfter(record.addedAtMs, record.reference), 0, record);
    return record;
  }

  /** Houses added strictly after `afterMs`, oldest first. */
  addedAfter(afterMs: number): HouseRecord[] {
    return this.ordered.slice(this.firstAddedAfter(afterMs, null));
  }

  /** Index of the first house added after `ms` (or at `ms` with a higher reference when one is given). */
  private firstAddedAfter(ms: number, reference: string | null): number {
    let low = 0;
    let high = this.ordered.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const house = this.ordered[mid]!;
      const before = house.addedAtMs < ms || (house.addedAtMs === ms && (reference === null || house.reference < reference));
      if (before) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

function compareHouses(a: HouseRecord, b: HouseRecord): number {
  if (a.addedAtMs !== b.addedAtMs) return a.addedAtMs - b.addedAtMs;
  return a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0;
}
