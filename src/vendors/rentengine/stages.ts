import type { LeasingStage } from '../../domain/models.js';

/**
 * RentEngine's 43 documented leasing event types (docs/vendors.md, RentEngine)
 * and the funnel stage each one puts a prospect in. The rules behind the less obvious rows:
 * - every way out of the funnel (withdrawn, rejected at prescreen, not interested,
 *   duplicate, blocklisted, too early, unit gone, ghosting) is LOST;
 * - prescreen steps that do not end the funnel are PRESCREENING;
 * - a showing that is confirmed, under way or handed to another agent is still
 *   SHOWING_SCHEDULED until it is complete; one that did not happen (missed, failed,
 *   canceled) is SHOWING_MISSED;
 * - "Still Deciding" follows a completed showing;
 * - HOA applications count as applications;
 * - a deposit follows the signature, so it is LEASE_SIGNED;
 * - bookkeeping with no funnel meaning (notes, assignment, unblocking) is OTHER.
 */
export const LEASING_STAGE_BY_EVENT_TYPE: Readonly<Record<string, LeasingStage>> = {
  'New': 'NEW',
  'Contacted, Awaiting Information': 'CONTACTED',
  'Showing Desired': 'SHOWING_REQUESTED',
  'Showing Scheduled': 'SHOWING_SCHEDULED',
  'Showing Complete': 'SHOWING_COMPLETED',
  'Missed Showing': 'SHOWING_MISSED',
  'Ghosting': 'LOST',
  'Application Sent to Prospect': 'APPLICATION',
  'Application Received': 'APPLICATION',
  'Application Pending': 'APPLICATION',
  'Application in Owner Review': 'APPLICATION',
  'Application Approved': 'APPLICATION_APPROVED',
  'Withdrawn': 'LOST',
  'Application Rejected': 'APPLICATION_REJECTED',
  'Prescreen Submitted': 'PRESCREENING',
  'Prescreen Rejected - Self reported credit': 'LOST',
  'Prescreen Rejected - Self reported income': 'LOST',
  'Prescreen Rejected - ID Verification': 'LOST',
  'Prescreen Approved': 'PRESCREENING',
  'Looking too early': 'LOST',
  'Lease out for signing': 'LEASE_SENT',
  'Lease Signed': 'LEASE_SIGNED',
  'Deposit Received': 'LEASE_SIGNED',
  'Move-in Scheduled': 'MOVE_IN',
  'Moved In': 'MOVE_IN',
  'Unit of Interest Unavailable': 'LOST',
  'Not Interested': 'LOST',
  'Duplicate Lead': 'LOST',
  'Still Deciding': 'SHOWING_COMPLETED',
  'HOA Application Sent To Prospect': 'APPLICATION',
  'HOA Application Submitted': 'APPLICATION',
  'HOA Application Approved': 'APPLICATION_APPROVED',
  'HOA Application Rejected': 'APPLICATION_REJECTED',
  'Showing Failed': 'SHOWING_MISSED',
  'Showing Canceled': 'SHOWING_MISSED',
  'Showing Confirmed': 'SHOWING_SCHEDULED',
  'Arrived for Showing': 'SHOWING_SCHEDULED',
  'Showing Started': 'SHOWING_SCHEDULED',
  'Log Note': 'OTHER',
  'Assign to User': 'OTHER',
  'Blocklist Prospect': 'LOST',
  'Unblock Prospect': 'OTHER',
  'Reassign Showing': 'SHOWING_SCHEDULED',
};

/**
 * The stage of a vendor leasing event type. Matching is exact apart from surrounding
 * spaces (the vendor's labels are a closed, case-sensitive list); a type added later by the vendor is OTHER until it
 * gets a row, and its label stays visible as the event's `eventType`.
 */
export function leasingStageOf(eventType: string): LeasingStage {
  const label = eventType.trim();
  return Object.hasOwn(LEASING_STAGE_BY_EVENT_TYPE, label) ? LEASING_STAGE_BY_EVENT_TYPE[label]! : 'OTHER';
}
