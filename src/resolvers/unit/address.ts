import type { AddressModel } from '../../domain/models.js';

const DESIGNATED = /^(#|(apt|apartment|unit|suite|ste|flat|whg|wohnung)\b)/i;

/** "123 Main Street, Unit A101, Springfield, IL 62701, US" */
export function formatAddress(address: AddressModel): string {
  const unit = address.unitNumber === null || address.unitNumber === '' ? null : DESIGNATED.test(address.unitNumber) ? address.unitNumber : `Unit ${address.unitNumber}`;
  const regionPostal = [address.region, address.postalCode].filter((part) => part !== null && part !== '').join(' ');
  return [address.line1, unit, address.city, regionPostal, address.country].filter((part) => part !== null && part !== '').join(', ');
}
