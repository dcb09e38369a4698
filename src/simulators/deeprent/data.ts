import { createRandom, type PhysicalUnit, type Random, type World } from '../world/index.js';

/**
 * deep.rent's protocols. The simulator keeps one small record per protocol and
 * draws the full snapshot from it on demand (seeded by the protocol id), so a world
 * of 100,000 rent-roll units (about 80,000 protocols) stays cheap in memory.
 */
export const PROTOCOL_CAUSES = ['Handover', 'Move-in', 'Move-out', 'Inspection'] as const;
export type ProtocolCause = (typeof PROTOCOL_CAUSES)[number];

export interface OrgUser {
  userId: string;
  userName: string;
}

/** The one organization the simulator serves and the people in it. */
export interface DeeprentOrg {
  orgId: string;
  owner: OrgUser;
  /** A member who is not the owner: may manage webhooks, not API keys. */
  member: OrgUser;
}

export interface ProtocolRecord {
  id: string;
  unit: PhysicalUnit;
  /** Whole seconds, so `createdAt` round-trips through a cursor exactly. */
  createdAtMs: number;
  cause: ProtocolCause;
  createdBy: OrgUser;
  legalHold: boolean;
  version: number;
  updatedAtMs: number;
  deletedAtMs: number | null;
  deletedBy: string | null;
  deleteReason: string | null;
  /** The rent roll's tenant of the unit, who is the protocol's RENTER contact; null where the rent roll has no lease there. */
  renter: { firstName: string; lastName: string; email: string } | null;
}

const DAY_MS = 86_400_000;
const ID_ALPHABET = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'];
const ID_GROUPS = [4, 4, 4, 2, 1];
const DELETE_REASONS = ['Created in error', 'Duplicate protocol', 'Tenant withdrew', 'Wrong object'];

/** An id in the vendor's style, e.g. "Jwlo-Qe8a-3dSn-OQ-w". */
export function drawProtocolId(random: Random): string {
  return ID_GROUPS.map((n) => Array.from({ length: n }, () => random.pick(ID_ALPHABET)).join('')).join('-');
}

/** ISO 8601 without milliseconds, as the vendor's examples write it. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Newest first; equal timestamps by id, highest first. The order of the list endpoint. */
export function compareProtocols(a: Pick<ProtocolRecord, 'createdAtMs' | 'id'>, b: Pick<ProtocolRecord, 'createdAtMs' | 'id'>): number {
  if (a.createdAtMs !== b.createdAtMs) return b.createdAtMs - a.createdAtMs;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

export interface ProtocolPage {
  rows: ProtocolRecord[];
  hasMore: boolean;
}

export class ProtocolStore {
  readonly byId = new Map<string, ProtocolRecord>();
  /** In list order (see compareProtocols). */
  readonly ordered: ProtocolRecord[] = [];
  /** Units deep.rent knows, the objects new protocols are written for. */
  readonly objects: PhysicalUnit[];
  private readonly idRandom: Random;
  /** By unit key: the primary tenant of the unit's latest rent-roll lease. */
  private readonly renters = new Map<string, ProtocolRecord['renter']>();

  constructor(world: World, readonly org: DeeprentOrg, options: { deletedShare?: number } = {}) {
    const random = world.random('deeprent:protocols');
    this.idRandom = world.random('deeprent:protocol-ids');
    this.objects = world.units.filter((u) => u.ids.deeprent !== undefined);
    const latest = new Map<string, World['leases'][number]>();
    for (const lease of world.leases) if ((latest.get(lease.unitId)?.leaseStart ?? '') < lease.leaseStart) latest.set(lease.unitId, lease);
    for (const unit of this.objects) {
      const lease = unit.ids.rentroll === undefined ? undefined : latest.get(unit.ids.rentroll);
      const tenant = lease?.tenants.find((t) => t.id === lease.primaryTenantId);
      if (tenant === undefined) continue;
      const [firstName = tenant.name, ...rest] = tenant.name.split(' ');
      this.renters.set(unit.key, { firstName, lastName: rest.join(' '), email: tenant.email });
    }
    const anchorMs = world.anchor.getTime();
    const staff = [org.owner, org.member];
    for (const unit of this.objects) {
      const count = random.int(1, 3);
      for (let i = 0; i < count; i++) {
        const createdAtMs = Math.floor((anchorMs - random.int(1, 1100) * DAY_MS - random.int(0, DAY_MS - 1)) / 1000) * 1000;
        const record = this.draft(unit, createdAtMs, random.pick(PROTOCOL_CAUSES), random.pick(staff), random.chance(0.02));
        record.updatedAtMs = createdAtMs + random.int(1, 600) * 1000;
        if (!record.legalHold && random.chance(options.deletedShare ?? 0.05)) {
          record.deletedAtMs = Math.min(anchorMs - 1000, createdAtMs + random.int(1, 30) * DAY_MS);
          record.deletedBy = random.pick(staff).userId;
          record.deleteReason = random.pick(DELETE_REASONS);
          record.updatedAtMs = record.deletedAtMs;
          record.version = 2;
        }
        this.byId.set(record.id, record);
        this.ordered.push(record);
      }
    }
    this.ordered.sort(compareProtocols);
  }

  /** A new protocol, placed in list order. */
  create(unit: PhysicalUnit, nowMs: number, cause: ProtocolCause, by: OrgUser): ProtocolRecord {
    const createdAtMs = Math.floor(nowMs / 1000) * 1000;
    const record = this.draft(unit, createdAtMs, cause, by, false);
    this.byId.set(record.id, record);
    this.ordered.splice(this.firstAfter(record), 0, record);
    return record;
  }

  softDelete(record: ProtocolRecord, nowMs: number, by: OrgUser, reason: string): void {
    record.deletedAtMs = Math.floor(nowMs / 1000) * 1000;
    record.deletedBy = by.userId;
    record.deleteReason = reason;
    record.updatedAtMs = record.deletedAtMs;
    record.version++;
  }

  /** Up to `limit` rows strictly older than the cursor (or from the newest), and whether more follow. */
  page(options: { limit: number; cursor: { ms: number; id: string } | null; includeDeleted: boolean }): ProtocolPage {
    const start = options.cursor === null ? 0 : this.firstAfter({ createdAtMs: options.cursor.ms, id: options.cursor.id });
    const rows: ProtocolRecord[] = [];
    for (let i = start; i < this.ordered.length; i++) {
      const record = this.ordered[i]!;
      if (!options.includeDeleted && record.deletedAtMs !== null) continue;
      if (rows.length === options.limit) return { rows, hasMore: true };
      rows.push(record);
    }
    return { rows, hasMore: false };
  }

  /** Index of the first row that sorts after `key` (binary search over `ordered`). */
  private firstAfter(key: Pick<ProtocolRecord, 'createdAtMs' | 'id'>): number {
    let low = 0;
    let high = this.ordered.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compareProtocols(this.ordered[mid]!, key) <= 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private draft(unit: PhysicalUnit, createdAtMs: number, cause: ProtocolCause, by: OrgUser, legalHold: boolean): ProtocolRecord {
    let id = drawProtocolId(this.idRandom);
    while (this.byId.has(id)) id = drawProtocolId(this.idRandom);
    return {
      id, unit, createdAtMs, cause, createdBy: by, legalHold, version: 1, updatedAtMs: createdAtMs, deletedAtMs: null, deletedBy: null, deleteReason: null,
      renter: this.renters.get(unit.key) ?? null,
    };
  }
}

/** A seeded source for everything about one protocol that never changes. */
export function protocolRandom(seed: number, id: string): Random {
  return createRandom(`${seed}:deeprent:protocol:${id}`);
}
