import { isVendor, VENDORS, type Vendor } from './vendor.js';
import type { NodeTypeName, SourceRef } from './models.js';

/**
 * Global ids and cursors. Both are opaque to clients (base64url) and stable: a global
 * id is the type name plus a key that never changes for the object (a vendor ref, or
 * the identity index's unit key). Decoding checks everything, so a forged or garbled
 * value is a clean BAD_USER_INPUT, never a vendor call with junk.
 */
const NODE_TYPES: ReadonlySet<string> = new Set<NodeTypeName>([
  'Unit', 'Lease', 'Tenant', 'Lockbox', 'LockboxEvent', 'Prospect', 'Showing', 'LeasingEvent', 'Listing',
  'Protocol', 'MultifamilyProperty', 'Floorplan', 'Subteam', 'PrescreeningTemplate', 'AuditEntry',
]);

export interface DecodedId {
  type: NodeTypeName;
  key: string;
}

export class InvalidIdError extends Error {
  override readonly name = 'InvalidIdError';
}

export function encodeId(type: NodeTypeName, key: string): string {
  return Buffer.from(`${type}:${key}`, 'utf8').toString('base64url');
}

export function decodeId(id: string): DecodedId {
  if (id.length === 0 || id.length > 512 || !/^[A-Za-z0-9_-]+$/.test(id)) {
    throw new InvalidIdError(`expected an opaque global id from this graph, got ${JSON.stringify(id.slice(0, 60))}`);
  }
  const text = Buffer.from(id, 'base64url').toString('utf8');
  const colon = text.indexOf(':');
  const type = text.slice(0, colon);
  const key = text.slice(colon + 1);
  if (colon < 1 || !NODE_TYPES.has(type) || key.length === 0 || encodeId(type as NodeTypeName, key) !== id) {
    throw new InvalidIdError(`expected an opaque global id from this graph, got ${JSON.stringify(id.slice(0, 60))}`);
  }
  return { type: type as NodeTypeName, key };
}

/** Decodes an id and checks it names the expected type(s). */
export function decodeIdOf<T extends NodeTypeName>(id: string, ...types: T[]): { type: T; key: string } {
  const decoded = decodeId(id);
  if (!(types as string[]).includes(decoded.type)) {
    throw new InvalidIdError(`expected the id of a ${types.join(' or ')}, got the id of a ${decoded.type}`);
  }
  return decoded as { type: T; key: string };
}

/** The key of a vendor-owned node: "VENDOR:externalId", the vendor as the schema's Vendor enum names it. */
export function refKey(ref: SourceRef): string {
  return `${ref.vendor}:${ref.externalId}`;
}

export function parseRefKey(key: string): SourceRef {
  const colon = key.indexOf(':');
  const vendor = key.slice(0, colon);
  const externalId = key.slice(colon + 1);
  if (colon < 1 || !isVendor(vendor) || externalId.length === 0) {
    throw new InvalidIdError(`expected a vendor record key VENDOR:id with VENDOR one of ${VENDORS.join(', ')}, got ${JSON.stringify(key.slice(0, 60))}`);
  }
  return { vendor: vendor as Vendor, externalId };
}

export function idOfRef(type: Exclude<NodeTypeName, 'Unit'>, ref: SourceRef): string {
  return encodeId(type, refKey(ref));
}

/** Cursors are opaque positions in a named ordering ("units", "leases", ...). */
export function encodeCursor(ordering: string, position: string): string {
  return Buffer.from(`c1|${ordering}|${position}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, ordering: string): string {
  const text = /^[A-Za-z0-9_-]{1,700}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const prefix = `c1|${ordering}|`;
  if (!text.startsWith(prefix) || encodeCursor(ordering, text.slice(prefix.length)) !== cursor) {
    throw new InvalidIdError(`expected a cursor returned by ${ordering} in this graph, got ${JSON.stringify(cursor.slice(0, 60))}`);
  }
  return text.slice(prefix.length);
}
