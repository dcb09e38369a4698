import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rentengineSim } from '../mutations/support.js';
import { startTestApp, type TestApp } from '../utils/app.js';
import { disposeAll, eventually, leasingEventBody, postWebhook, rentengineHeaders, subscribe } from './support.js';

const DEADLINE_MILLIS = 1_000;
const WITH_PROSPECT = 'subscription { leasingEvents { event { id prospect { name } } } }';

interface Notice {
  leasingEvents: { event: { id: string; prospect: { name: string } | null } };
}

describe('the request deadline of subscription notices', () => {
  let app: TestApp;
  let prospectId: number;
  beforeAll(async () => {
    app = await startTestApp({ rentrollUnits: 30, env: { RENTGRAPH_REQUEST_TIMEOUT_MS: String(DEADLINE_MILLIS) } });
    prospectId = rentengineSim(app).store.prospects.rows[0]!.id;
  });
  beforeEach(() => {
    rentengineSim(app).server.setFaults({ hang: false, latencyMillis: 0 });
  });
  afterEach(async () => {
    await disposeAll();
    await eventually(() => app.services.events.bus.listenerCount() === 0);
  });
  afterAll(async () => {
    await app.close();
  });

  async function postLeasingEvent(id: number): Promise<void> {
    const answer = await postWebhook(app.url, 'rentengine', leasingEventBody(id, { prospectId }), rentengineHeaders());
    expect(answer.status).toBe(200);
  }

  it('bounds each notice: with RentEngine hung, the notice comes within the deadline, its prospect null with VENDOR_TIMEOUT', async () => {
    const sub = subscribe<Notice>(app.url, WITH_PROSPECT);
    await eventually(() => app.services.events.bus.listenerCount() === 1);
    rentengineSim(app).server.setFaults({ hang: true });
    const posted = performance.now();
    await postLeasingEvent(8001);
    await sub.waitFor(1, DEADLINE_MILLIS + 4_000);
    expect(performance.now() - posted).toBeLessThan(DEADLINE_MILLIS + 1_000);
    const [notice] = sub.results;
    expect(notice!.data!.leasingEvents.event.prospect).toBeNull();
    expect(notice!.errors?.map((error) => error.extensions)).toEqual([expect.objectContaining({ code: 'VENDOR_TIMEOUT', vendor: 'RENTENGINE' })]);
  });

  it('gives each notice its own deadline: one long after the subscription started still waits for a slow vendor', async () => {
    const sub = subscribe<Notice>(app.url, WITH_PROSPECT);
    await eventually(() => app.services.events.bus.listenerCount() === 1);
    // Past the deadline a context made when the subscription started would have.
    await sleep(DEADLINE_MILLIS + 200);
    rentengineSim(app).server.setFaults({ latencyMillis: DEADLINE_MILLIS / 2 });
    await postLeasingEvent(8002);
    await sub.waitFor(1, DEADLINE_MILLIS + 4_000);
    const [notice] = sub.results;
    expect(notice!.errors).toBeUndefined();
    expect(notice!.data!.leasingEvents.event.prospect?.name).toEqual(expect.any(String));
  });
});
