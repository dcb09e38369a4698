import type { LeasingEventModel, LeasingStage, ProspectModel, ShowingModel } from '../../domain/models.js';
import type { PollDiff } from '../../ports/polling.js';

/**
 * Leasey has no webhooks and no leasing events of its own: the funnel shows in the
 * status columns of its reports. A lead whose Application_Status changes, or a showing
 * whose Showing_Status changes, is a leasing event, found by polling (pollers.ts). A
 * new lead or showing is one too: its first status is its first step. The event
 * happened at some time between two polls; `observedAt` (the poll) stands in for it.
 */

/** The leads report's Application_Status values (docs/vendors.md, Leasey) and the stage each one means. */
const LEAD_STAGES: Readonly<Record<string, LeasingStage>> = {
  'Lead': 'NEW',
  'Incomplete Application': 'APPLICATION',
  'Application In Progress': 'APPLICATION',
  'Application Received': 'APPLICATION',
  'Application Under Review': 'APPLICATION',
  'Lease Signed': 'LEASE_SIGNED',
  'Archived': 'LOST',
};

/**
 * Showing_Status values (docs/vendors.md lists "Scheduled, Confirmed, Cancelled..."), with
 * the same reading as RentEngine's showing steps: confirmed is still scheduled, a
 * cancelled showing did not happen, a disqualified prospect is out of the funnel.
 */
const SHOWING_STAGES: Readonly<Record<string, LeasingStage>> = {
  Scheduled: 'SHOWING_SCHEDULED',
  Confirmed: 'SHOWING_SCHEDULED',
  Completed: 'SHOWING_COMPLETED',
  Cancelled: 'SHOWING_MISSED',
  Canceled: 'SHOWING_MISSED',
  Disqualified: 'LOST',
};

const stageIn = (table: Readonly<Record<string, LeasingStage>>, label: string): LeasingStage =>
  Object.hasOwn(table, label.trim()) ? table[label.trim()]! : 'OTHER';

export const leaseyLeadStageOf = (applicationStatus: string): LeasingStage => stageIn(LEAD_STAGES, applicationStatus);
export const leaseyShowingStageOf = (showingStatus: string): LeasingStage => stageIn(SHOWING_STAGES, showingStatus);

/** The status that is new in this diff, or null when the status did not move. */
function movedStatus(now: string | null, before: string | null | undefined): string | null {
  if (now === null || now.trim() === '') return null;
  return before === null || before === undefined || before.trim() !== now.trim() ? now.trim() : null;
}

/** The leasing event a lead diff means; null when its Application_Status did not change. */
export function leaseyLeadLeasingEvent(diff: PollDiff<ProspectModel>, observedAt: string): LeasingEventModel | null {
  const lead = diff.record;
  if (lead === null) return null;
  const status = movedStatus(lead.status, diff.previous?.status);
  if (status === null) return null;
  return {
    __typename: 'LeasingEvent',
    vendor: 'LEASEY',
    externalId: `lead-${lead.externalId}@${observedAt}`,
    raw: lead.raw,
    eventType: status,
    stage: leaseyLeadStageOf(status),
    occurredAt: observedAt,
    prospect: { vendor: 'LEASEY', externalId: lead.externalId },
    unit: lead.unitOfInterest,
    notes: diff.previous?.status === null || diff.previous?.status === undefined ? null : `Application_Status was ${diff.previous.status}`,
  };
}

/** The leasing event a showing diff means; null when its Showing_Status did not change. */
export function leaseyShowingLeasingEvent(diff: PollDiff<ShowingModel>, observedAt: string): LeasingEventModel | null {
  const showing = diff.record;
  if (showing === null) return null;
  const status = movedStatus(showing.status, diff.previous?.status);
  if (status === null) return null;
  return {
    __typename: 'LeasingEvent',
    vendor: 'LEASEY',
    externalId: `showing-${showing.externalId}@${observedAt}`,
    raw: showing.raw,
    eventType: `Showing ${status}`,
    stage: leaseyShowingStageOf(status),
    occurredAt: observedAt,
    prospect: showing.prospect,
    unit: showing.unit,
    notes: showing.startsAt === null ? null : `Showing at ${showing.startsAt}`,
  };
}
