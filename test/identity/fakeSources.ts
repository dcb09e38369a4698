import { pino } from 'pino';
import type { UnitRecord } from '../../src/domain/models.js';
import type { Vendor } from '../../src/domain/vendor.js';
import type { UnitListOptions, UnitListResult, UnitRecordSource } from '../../src/ports/records.js';
import type { World } from '../../src/simulators/world/index.js';
import { worldRecords } from './worldRecords.js';

export const silentLogger = pino({ level: 'silent' });

/** Every vendor's unit records in the world, spelled as that vendor spells them, by vendor. */
export function worldUnitRecords(world: World): Record<Vendor, UnitRecord[]> {
  const units = new Map(world.units.map((u) => [u.key, u]));
  const out: Record<Vendor, UnitRecord[]> = { RENTROLL: [], RENTENGINE: [], LEASEY: [], STURENTS: [], DEEPRENT: [] };
  for (const r of worldRecords(world)) {
    const colon = r.ref.indexOf(':');
    const vendor = r.ref.slice(0, colon) as Vendor;
    const a = r.address;
    out[vendor].push({
      __typename: 'UnitRecord',
      vendor,
      externalId: r.ref.slice(colon + 1),
      raw: null,
      address: { line1: a.line1, unitNumber: a.unitNumber ?? null, city: a.city ?? null, region: a.region ?? null, postalCode: a.postalCode ?? null, country: a.country ?? null },
      bedrooms: null, bathrooms: null, squareFeet: null, ownerId: null, possessionStart: null, possessionEnd: null,
      active: units.get(r.unitKey)!.active,
    });
  }
  return out;
}

/** A source whose answer the test sets; it remembers how it was called. */
export interface FakeSource extends UnitRecordSource {
  calls: UnitListOptions[];
  records: UnitRecord[];
  /** When set, the next reads throw it. */
  failure: Error | null;
  complete: boolean;
  watermark: string | null;
}

export function fakeSource(vendor: Vendor, records: UnitRecord[], options: { complete?: boolean; watermark?: string | null } = {}): FakeSource {
  const source: FakeSource = {
    vendor,
    calls: [],
    records,
    failure: null,
    complete: options.complete ?? true,
    watermark: options.watermark ?? null,
    async list(listOptions): Promise<UnitListResult> {
      source.calls.push(listOptions);
      if (source.failure !== null) throw source.failure;
      // Report progress in two steps, as a paging client would.
      listOptions.onProgress?.(Math.floor(source.records.length / 2));
      listOptions.onProgress?.(source.records.length);
      return { records: [...source.records], watermark: source.watermark, complete: source.complete };
    },
  };
  return source;
}

/** A unit record with just an address, for hand-made cases. */
export function unitRecord(vendor: Vendor, externalId: string, line1: string, more: Partial<UnitRecord['address'] & { active: boolean | null }> = {}): UnitRecord {
  const { active = true, ...address } = more;
  return {
    __typename: 'UnitRecord', vendor, externalId, raw: null,
    address: { line1, unitNumber: null, city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US', ...address },
    bedrooms: null, bathrooms: null, squareFeet: null, ownerId: null, possessionStart: null, possessionEnd: null, active,
  };
}
