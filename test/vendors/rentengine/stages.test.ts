import { describe, expect, it } from 'vitest';
import { LEASING_STAGE_BY_EVENT_TYPE, leasingStageOf } from '../../../src/vendors/rentengine/stages.js';
import type { LeasingStage } from '../../../src/domain/models.js';

/** The 43 leasing event types rentengine.md lists for the LeasingEvents webhook, in its order. */
const DOCUMENTED: [string, LeasingStage][] = [
  ['New', 'NEW'],
  ['Contacted, Awaiting Information', 'CONTACTED'],
  ['Showing Desired', 'SHOWING_REQUESTED'],
  ['Showing Scheduled', 'SHOWING_SCHEDULED'],
  ['Showing Complete', 'SHOWING_COMPLETED'],
  ['Missed Showing', 'SHOWING_MISSED'],
  ['Ghosting', 'LOST'],
  ['Application Sent to Prospect', 'APPLICATION'],
  ['Application Received', 'APPLICATION'],
  ['Application Pending', 'APPLICATION'],
  ['Application in Owner Review', 'APPLICATION'],
  ['Application Approved', 'APPLICATION_APPROVED'],
  ['Withdrawn', 'LOST'],
  ['Application Rejected', 'APPLICATION_REJECTED'],
  ['Prescreen Submitted', 'PRESCREENING'],
  ['Prescreen Rejected - Self reported credit', 'LOST'],
  ['Prescreen Rejected - Self reported income', 'LOST'],
  ['Prescreen Rejected - ID Verification', 'LOST'],
  ['Prescreen Approved', 'PRESCREENING'],
  ['Looking too early', 'LOST'],
  ['Lease out for signing', 'LEASE_SENT'],
  ['Lease Signed', 'LEASE_SIGNED'],
  ['Deposit Received', 'LEASE_SIGNED'],
  ['Move-in Scheduled', 'MOVE_IN'],
  ['Moved In', 'MOVE_IN'],
  ['Unit of Interest Unavailable', 'LOST'],
  ['Not Interested', 'LOST'],
  ['Duplicate Lead', 'LOST'],
  ['Still Deciding', 'SHOWING_COMPLETED'],
  ['HOA Application Sent To Prospect', 'APPLICATION'],
  ['HOA Application Submitted', 'APPLICATION'],
  ['HOA Application Approved', 'APPLICATION_APPROVED'],
  ['HOA Application Rejected', 'APPLICATION_REJECTED'],
  ['Showing Failed', 'SHOWING_MISSED'],
  ['Showing Canceled', 'SHOWING_MISSED'],
  ['Showing Confirmed', 'SHOWING_SCHEDULED'],
  ['Arrived for Showing', 'SHOWING_SCHEDULED'],
  ['Showing Started', 'SHOWING_SCHEDULED'],
  ['Log Note', 'OTHER'],
  ['Assign to User', 'OTHER'],
  ['Blocklist Prospect', 'LOST'],
  ['Unblock Prospect', 'OTHER'],
  ['Reassign Showing', 'SHOWING_SCHEDULED'],
];

describe('leasing stage of a RentEngine event type', () => {
  it('has a row for each of the 43 documented types and no other', () => {
    expect(DOCUMENTED).toHaveLength(43);
    expect(Object.keys(LEASING_STAGE_BY_EVENT_TYPE).sort()).toEqual(DOCUMENTED.map(([type]) => type).sort());
  });

  it.each(DOCUMENTED)('maps "%s" to %s', (eventType, stage) => {
    expect(leasingStageOf(eventType)).toBe(stage);
  });

  it.each([
    ['a type the vendor adds later', 'Video Tour Sent'],
    ['a different case', 'showing scheduled'],
    ['the empty label', ''],
    ['an Object prototype key', 'toString'],
  ])('maps %s to OTHER', (_name, eventType) => {
    expect(leasingStageOf(eventType)).toBe('OTHER');
  });

  it('ignores spaces around the label', () => {
    expect(leasingStageOf('  Lease Signed ')).toBe('LEASE_SIGNED');
  });
});
