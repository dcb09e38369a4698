import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vendor } from '../../src/domain/vendor.js';
import type { ChangePoller } from '../../src/events/poll/poller.js';
import { changePollersOf } from '../../src/events/poll/start.js';
import type { StoredEvent } from '../../src/events/types.js';
import { startTestApp, type TestApp } from '../utils/app.js';

/** Change polling against the simulators: each vendor's activity becomes events in the log. */
describe('change polling', () => {
  let app: TestApp;
  beforeAll(async () => {
    // startTestApp schedules no polls: each test drives its poller, so the outcome does not depend on timing.
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  const eventsSince = (seq: number): Promise<StoredEvent[]> => app.services.events.log.after(seq, 10_000);
  const byName = (pollers: ChangePoller[], name: string) => pollers.find((p) => p.name === name)!;
  /** A vendor's change pollers as the gateway would schedule them. */
  const pollersOf = (vendor: Vendor): ChangePoller[] => changePollersOf(app.services.vendors.get(vendor)!, app.services).flatMap((group) => group.pollers);

  it('records a silent baseline first, then nothing while the rent roll is unchanged', async () => {
    const [units, leases] = pollersOf('RENTROLL');
    const first = await units!.pollOnce();
    expect(first).toMatchObject({ baseline: true, events: 0 });
    expect(first.created).toBe(200);
    expect(await units!.pollOnce()).toMatchObject({ baseline: false, created: 0, updated: 0, deleted: 0, events: 0 });
    expect((await leases!.pollOnce()).baseline).toBe(true);
  });

  it('turns a Leasey lead whose Application_Status moved into a PROSPECT change and a LEASEY leasing event', async () => {
    const leads = byName(pollersOf('LEASEY'), 'leasey:leads');
    await leads.pollOnce();
    const before = await app.services.events.log.lastSeq();
    await app.simulator('leasey').activityTick!();
    const result = await leads.pollOnce();
    const events = await eventsSince(before);
    expect(result.updated + result.created).toBeGreaterThan(0);
    expect(events.some((e) => e.entityType === 'PROSPECT' && e.vendor === 'LEASEY')).toBe(true);
    const leasing = events.filter((e) => e.entityType === 'LEASING_EVENT');
    expect(leasing.length).toBeGreaterThan(0);
    for (const event of leasing) {
      expect(event.vendor).toBe('LEASEY');
      expect(event.prospectRef?.vendor).toBe('LEASEY');
      expect(event.stage).not.toBeNull();
    }
  });

  it('finds a house StuRents added through added-since, as a CREATED listing', async () => {
    const [houses] = pollersOf('STURENTS');
    await houses!.pollOnce();
    const before = await app.services.events.log.lastSeq();
    // Each activity tick adds a house with even odds (else it moves a price): after 20 ticks one
    // was added but for a chance of 1 in a million. One poll then reads them all: a second poll
    // within the minute would ask StuRents the identical question, which the client answers from
    // its cache (StuRents refuses identical requests within 10 s).
    for (let i = 0; i < 20; i++) await app.simulator('sturents').activityTick!();
    await houses!.pollOnce();
    const created = (await eventsSince(before)).filter((e) => e.change === 'CREATED');
    expect(created.length).toBeGreaterThan(0);
    expect(created[0]).toMatchObject({ vendor: 'STURENTS', entityType: 'LISTING' });
    expect(created[0]!.unitRef?.vendor).toBe('STURENTS');
  });

  it('does not announce again a deep.rent protocol its webhook already announced', async () => {
    const [protocols] = pollersOf('DEEPRENT');
    await protocols!.pollOnce();
    const sim = app.simulator('deeprent') as unknown as { activityTick: () => Promise<void>; webhookStats: () => { pending: number } };
    const before = await app.services.events.log.lastSeq();
    await sim.activityTick();
    for (let i = 0; i < 50 && sim.webhookStats().pending > 0; i++) await new Promise((r) => setTimeout(r, 50));
    const fromWebhook = (await eventsSince(before)).filter((e) => e.entityType === 'PROTOCOL');
    expect(fromWebhook.length).toBeGreaterThan(0);
    const polled = await protocols!.pollOnce();
    expect(polled.created + polled.deleted).toBeGreaterThan(0);
    const all = (await eventsSince(before)).filter((e) => e.entityType === 'PROTOCOL');
    expect(all.map((e) => `${e.externalId}:${e.change}`)).toEqual(fromWebhook.map((e) => `${e.externalId}:${e.change}`));
  });
});
