import type { ProtocolModel, UnitRecord } from '../../domain/models.js';
import { countryCodeOf } from '../../domain/country.js';
import type { RawObject, RawProtocol } from './raw.js';

/** Pure mapping of checked deep.rent protocol snapshots to domain models. */

export function toProtocolModel(raw: RawProtocol, original: unknown): ProtocolModel {
  return {
    __typename: 'Protocol',
    vendor: 'DEEPRENT',
    externalId: raw.id,
    raw: original,
    object: raw.object === null || raw.object === undefined ? null : { vendor: 'DEEPRENT', externalId: raw.object.id },
    cause: raw.protocol?.cause ?? null,
    createdAt: raw.protocol?.createdAt ?? null,
    deletedAt: raw.meta?.deletedAt ?? null,
    contacts: raw.contacts.map((contact) => ({ firstName: contact.firstName, lastName: contact.lastName, email: contact.email, role: contact.role })),
    objectDetails: raw.object === null || raw.object === undefined ? null : { externalId: raw.object.id, name: raw.object.name, type: raw.object.type },
    tags: (raw.meta?.tags ?? []).filter((tag): tag is string => typeof tag === 'string' && tag.trim() !== ''),
  };
}

/**
 * deep.rent's object (the property a protocol is about) as a unit record. deep.rent
 * keeps no unit number, rooms or size, and an object has no status of its own.
 */
export function toObjectRecord(raw: RawObject, original: unknown): UnitRecord {
  const a = raw.address;
  return {
    __typename: 'UnitRecord',
    vendor: 'DEEPRENT',
    externalId: raw.id,
    raw: original,
    address: a === null || a === undefined || a.addressLine1 === null
      ? null
      : { line1: a.addressLine1, unitNumber: null, city: a.city, region: null, postalCode: a.postalCode, country: countryOfObject(a) },
    bedrooms: null,
    bathrooms: null,
    squareFeet: null,
    ownerId: null,
    possessionStart: null,
    possessionEnd: null,
    active: null,
  };
}

/** The country the object's address states: its ISO code, else its country name ("Germany"); null when it states neither. */
function countryOfObject(address: NonNullable<RawObject['address']>): string | null {
  return countryCodeOf(address.countryCode) ?? countryCodeOf(address.country);
}
