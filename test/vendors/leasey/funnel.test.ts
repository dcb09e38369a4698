import { describe, expect, it } from 'vitest';
import type { ProspectModel, ShowingModel } from '../../../src/domain/models.js';
import { leaseyLeadLeasingEvent, leaseyLeadStageOf, leaseyShowingLeasingEvent, leaseyShowingStageOf } from '../../../src/vendors/leasey/funnel.js';
import { APPLICATION_STATUSES, SHOWING_STATUSES } from '../../../src/simulators/leasey/catalog.js';

const at = '2025-03-01T12:00:00.000Z';

const lead = (status: string | null): ProspectModel => ({
  __typename: 'Prospect', vendor: 'LEASEY', externalId: '42', raw: { Person_ID: 42 }, name: 'Ada Lovelace', email: null, phone: null,
  status, source: 'Website', createdAt: null, unitOfInterest: { vendor: 'LEASEY', externalId: '700' },
});

const showing = (status: string | null): ShowingModel => ({
  __typename: 'Showing', vendor: 'LEASEY', externalId: '700_42_20250305T150000Z', raw: {}, unit: { vendor: 'LEASEY', externalId: '700' },
  prospect: { vendor: 'LEASEY', externalId: '42' }, startsAt: '2025-03-05T15:00:00.000Z', endsAt: '2025-03-05T15:30:00.000Z', status, method: null, teamMember: 'Sam',
});

describe('Leasey status changes as leasing events', () => {
  it('turns a lead whose Application_Status changed into a leasing event at that stage', () => {
    const event = leaseyLeadLeasingEvent({ change: 'UPDATED', key: '42', record: lead('Application Received'), previous: lead('Lead') }, at);
    expect(event).toMatchObject({
      __typename: 'LeasingEvent', vendor: 'LEASEY', eventType: 'Application Received', stage: 'APPLICATION', occurredAt: at,
      prospect: { vendor: 'LEASEY', externalId: '42' }, unit: { vendor: 'LEASEY', externalId: '700' }, notes: 'Application_Status was Lead',
    });
  });

  it('says nothing when a lead changed but its status did not, or when it is gone', () => {
    expect(leaseyLeadLeasingEvent({ change: 'UPDATED', key: '42', record: lead('Lead'), previous: { ...lead('Lead'), phone: '+1 555' } }, at)).toBeNull();
    expect(leaseyLeadLeasingEvent({ change: 'DELETED', key: '42', record: null, previous: lead('Lead') }, at)).toBeNull();
  });

  it('gives a new lead its first step', () => {
    expect(leaseyLeadLeasingEvent({ change: 'CREATED', key: '42', record: lead('Lead'), previous: null }, at)).toMatchObject({ stage: 'NEW', notes: null });
  });

  it('turns a showing whose Showing_Status changed into a leasing event', () => {
    const event = leaseyShowingLeasingEvent({ change: 'UPDATED', key: 'k', record: showing('Completed'), previous: showing('Confirmed') }, at);
    expect(event).toMatchObject({ eventType: 'Showing Completed', stage: 'SHOWING_COMPLETED', unit: { externalId: '700' }, prospect: { externalId: '42' } });
    expect(leaseyShowingLeasingEvent({ change: 'UPDATED', key: 'k', record: showing('Confirmed'), previous: showing('Confirmed') }, at)).toBeNull();
  });

  it.each([
    ['Lead', 'NEW'], ['Incomplete Application', 'APPLICATION'], ['Application Received', 'APPLICATION'],
    ['Application Under Review', 'APPLICATION'], ['Lease Signed', 'LEASE_SIGNED'], ['Archived', 'LOST'], ['Something New', 'OTHER'],
  ])('reads Application_Status %j as %s', (status, stage) => {
    expect(leaseyLeadStageOf(status)).toBe(stage);
  });

  it.each([
    ['Scheduled', 'SHOWING_SCHEDULED'], ['Confirmed', 'SHOWING_SCHEDULED'], ['Completed', 'SHOWING_COMPLETED'],
    ['Cancelled', 'SHOWING_MISSED'], ['Disqualified', 'LOST'], ['Rescheduled?', 'OTHER'],
  ])('reads Showing_Status %j as %s', (status, stage) => {
    expect(leaseyShowingStageOf(status)).toBe(stage);
  });

  it('knows every status the Leasey simulator uses', () => {
    for (const status of APPLICATION_STATUSES) expect(leaseyLeadStageOf(status)).not.toBe('OTHER');
    for (const status of SHOWING_STATUSES) expect(leaseyShowingStageOf(status)).not.toBe('OTHER');
  });
});
