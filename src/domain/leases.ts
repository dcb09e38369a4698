import type { LeaseModel, LeaseStatus } from './models.js';

/**
 * A lease's status is a matter of the clock: the vendor that keeps leases derives it from
 * the lease's dates against today (Past: ended; Current: started and not ended; Future:
 * not started; docs/vendors.md), so a stored lease is given its status when it is read,
 * never as it was when it was written. `leaseStatusSql` (src/readmodel/) is the same
 * rule in SQL; the two must agree.
 */
export function leaseStatusAt(start: string | null, end: string | null, now: Date): LeaseStatus | null {
  if (end !== null && Date.parse(end) < now.getTime()) return 'PAST';
  if (start !== null && Date.parse(start) > now.getTime()) return 'FUTURE';
  if (start === null && end === null) return null;
  return 'CURRENT';
}

/** The status the vendor states, where it states one; else the one the dates give at `now`. */
export function leaseStatusOf(lease: Pick<LeaseModel, 'start' | 'end' | 'statedStatus'>, now: Date): LeaseStatus | null {
  return lease.statedStatus ?? leaseStatusAt(lease.start, lease.end, now);
}

/**
 * When `leaseStatusOf` next gives another answer for this lease, epoch milliseconds after
 * `now`; null when it never will (a stated status, or no date ahead). A start is reached
 * at its instant; an end is passed one millisecond after it.
 */
export function nextLeaseStatusChange(lease: Pick<LeaseModel, 'start' | 'end' | 'statedStatus'>, now: Date): number | null {
  if (lease.statedStatus !== undefined && lease.statedStatus !== null) return null;
  return nextDateStatusChange(lease.start, lease.end, now);
}

/**
 * When a status derived from these dates (`leaseStatusAt`) next changes after `now`,
 * epoch milliseconds; null when neither date lies ahead. For one lease, or for the
 * earliest start and end ahead among many.
 */
export function nextDateStatusChange(start: string | null, end: string | null, now: Date): number | null {
  const at = now.getTime();
  const moments = [start === null ? NaN : Date.parse(start), end === null ? NaN : Date.parse(end) + 1].filter((moment) => moment > at);
  return moments.length === 0 ? null : Math.min(...moments);
}
