import { createRandom, deeprentAddress, type PhysicalUnit, type Random } from '../world/index.js';
import { FIRST_NAMES, LAST_NAMES } from '../world/places.js';
import { isoSeconds, protocolRandom, type DeeprentOrg, type ProtocolRecord } from './data.js';

/**
 * The protocol snapshot exactly as deeprent.md's example lays it out: used by the
 * list endpoint and as the `protocol` of every webhook.
 */
export const STORE_REGION = 'eu-deepstore-ce-2';
const RETENTION_YEARS = 5;
const CONTACT_ROLES = ['LANDLORD', 'AGENT'] as const;

export type ContactRole = 'RENTER' | (typeof CONTACT_ROLES)[number];

export function protocolSnapshot(record: ProtocolRecord, org: DeeprentOrg, seed: number) {
  const random = protocolRandom(seed, record.id);
  const storeKb = random.int(20, 900);
  const createdAt = new Date(record.createdAtMs);
  const retentionUntil = new Date(createdAt);
  retentionUntil.setUTCFullYear(createdAt.getUTCFullYear() + RETENTION_YEARS);
  const contactCount = random.int(1, 3);
  const contacts = Array.from({ length: contactCount }, (_, i) => drawContact(random, record.unit, i === 0 ? 'RENTER' : random.pick(CONTACT_ROLES)));
  // The renter of a unit the rent roll lets is its tenant (drawn all the same, so the draws after stay as they were).
  if (record.renter !== null) contacts[0] = { ...contacts[0]!, ...record.renter };
  return {
    id: record.id,
    object: deeprentObject(record.unit, seed),
    protocol: {
      link: `${STORE_REGION}/protocol/${record.id}`,
      cause: record.cause,
      store_kb: storeKb,
      createdAt: isoSeconds(record.createdAtMs),
      documentCosts: random.chance(0.2),
      retentionUntil: isoSeconds(retentionUntil.getTime()),
      landlordConfirmation: random.chance(0.7),
    },
    contacts,
    owner: { orgId: org.orgId, userId: record.createdBy.userId, userName: record.createdBy.userName },
    store: STORE_REGION,
    storage_kb: String(storeKb),
    meta: {
      tags: record.cause === 'Inspection' && random.chance(0.5) ? ['inspection', 'annual'] : [record.cause.toLowerCase()],
      version: record.version,
      deletedAt: record.deletedAtMs === null ? null : isoSeconds(record.deletedAtMs),
      deletedBy: record.deletedBy,
      legalHold: record.legalHold,
      updatedAt: isoSeconds(record.updatedAtMs),
      deleteReason: record.deleteReason,
      legalHoldReason: record.legalHold ? 'Deposit dispute pending' : null,
    },
  };
}

export type ProtocolSnapshot = ReturnType<typeof protocolSnapshot>;

/** The object (unit) a protocol is about; the same for every protocol of that unit. */
export function deeprentObject(unit: PhysicalUnit, seed: number) {
  const random = createRandom(`${seed}:deeprent:object:${unit.key}`);
  const address = deeprentAddress(unit);
  return {
    id: unit.ids.deeprent ?? '',
    category: 'REALESTATE',
    type: unit.unit === null ? 'REALESTATE_RESIDENTIAL_HOUSE' : 'REALESTATE_RESIDENTIAL_APARTMENT',
    name: random.chance(0.3) ? `${address.city}, ${address.addressLine1}` : address.addressLine1,
    address,
    addressId: `adr-${random.hex(16)}`,
  };
}

function drawContact(random: Random, unit: PhysicalUnit, role: ContactRole) {
  const firstName = random.pick(FIRST_NAMES);
  const lastName = random.pick(LAST_NAMES);
  const female = random.chance(0.5);
  const german = unit.country === 'DE';
  const companyName = role === 'AGENT' ? `${lastName} ${german ? 'Immobilien GmbH' : 'Lettings Ltd'}` : null;
  return {
    id: `ct-${random.hex(12)}`,
    email: `${firstName}.${lastName}@example.com`.toLowerCase().replace('ü', 'ue'),
    firstName,
    lastName,
    salutation: female ? 'MS' : 'MR',
    resolvedSalutation: german ? (female ? 'Frau' : 'Herr') : female ? 'Ms' : 'Mr',
    companyName,
    personTitle: random.chance(0.08) ? 'Dr.' : null,
    role,
  };
}
