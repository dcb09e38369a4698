import type { Random } from '../world/index.js';
import type { ApplicationStatus, ShowingStatus } from './catalog.js';
import { drawLead } from './seed.js';
import { insertLeads, isPublished, leaseyDateTime, type Lead, type LeaseyState } from './state.js';

/**
 * Live activity. Leasey sends no webhooks, so a gateway learns of these changes only
 * by polling the reports: each step moves one or two leads a stage forward, changes
 * one showing's status, and sometimes adds a new lead to a published property.
 */
const NEXT_STAGE: Partial<Record<ApplicationStatus, ApplicationStatus>> = {
  Lead: 'Incomplete Application',
  'Incomplete Application': 'Application Received',
  'Application Received': 'Application Under Review',
  'Application Under Review': 'Lease Signed',
};
const NEXT_SHOWING: Partial<Record<ShowingStatus, readonly ShowingStatus[]>> = {
  Scheduled: ['Confirmed', 'Confirmed', 'Cancelled'],
  Confirmed: ['Completed', 'Completed', 'Cancelled', 'Disqualified'],
};
/** Draws per step before giving up on finding something that can still move. */
const TRIES = 20;

export function activityStep(state: LeaseyState, random: Random, now: Date): void {
  const leads = [...state.leads.values()];
  for (let moved = 0, goal = random.int(1, 2), tries = 0; moved < goal && tries < TRIES && leads.length > 0; tries++) {
    const lead = random.pick(leads);
    if (advanceLead(lead, random, now)) moved++;
  }
  const showings = [...state.showings.values()];
  for (let tries = 0; tries < TRIES && showings.length > 0; tries++) {
    const showing = random.pick(showings);
    const options = NEXT_SHOWING[showing.status];
    if (options === undefined) continue;
    showing.status = random.pick(options);
    if (showing.status === 'Completed' && showing.feedback === null) showing.feedback = 'Seemed interested, asked about the move-in date.';
    break;
  }
  if (random.chance(0.4)) addLead(state, random, now);
}

function advanceLead(lead: Lead, random: Random, now: Date): boolean {
  const next = random.chance(0.1) ? 'Archived' : NEXT_STAGE[lead.status];
  if (next === undefined || lead.status === 'Archived' || lead.status === 'Lease Signed') return false;
  const at = leaseyDateTime(now);
  if (lead.status === 'Lead' && next !== 'Archived') lead.applicationSent = at;
  if (next === 'Application Received') lead.applicationReceived = at;
  if (next === 'Lease Signed') lead.approval = 'Approved';
  if (next === 'Archived' && lead.approval === 'Pending' && lead.applicationSent !== null) lead.approval = 'Rejected';
  lead.status = next;
  return true;
}

function addLead(state: LeaseyState, random: Random, now: Date): void {
  const properties = [...state.properties.values()];
  for (let tries = 0; tries < TRIES && properties.length > 0; tries++) {
    const property = random.pick(properties);
    if (property.archived || !isPublished(property)) continue;
    const lead = drawLead(state, property, random, now, 'Lead', now);
    insertLeads(state, [lead]);
    return;
  }
}
