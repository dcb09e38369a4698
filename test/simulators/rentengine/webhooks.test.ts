import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SIM_CREDENTIALS } from '../../../src/simulators/credentials.js';
import type { RunningRentengineSimulator } from '../../../src/simulators/rentengine/server.js';
import { startTestSimulator, type ApiClient } from './harness.js';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: { type: string; table: string; record: Record<string, unknown> | null; old_record: Record<string, unknown> | null };
}

/** A webhook subscriber on loopback that fails the first `failures` attempts of each delivery. */
class Receiver {
  readonly received: Received[] = [];
  failures = 0;
  private readonly attempts = new Map<string, number>();
  private readonly server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      this.received.push({ headers: request.headers, body: JSON.parse(text) as Received['body'] });
      const id = String(request.headers['upstash-message-id']);
      const seen = (this.attempts.get(id) ?? 0) + 1;
      this.attempts.set(id, seen);
      response.writeHead(seen <= this.failures ? 503 : 200).end();
    });
  });
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks/rentengine`;
  }
  reset(): void {
    this.received.length = 0;
    this.failures = 0;
  }
  ofTable(table: string): Received['body'][] {
    return this.received.map((r) => r.body).filter((b) => b.table === table);
  }
  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const receiver = new Receiver();
let sim: RunningRentengineSimulator;
let api: ApiClient;

beforeAll(async () => {
  const webhookUrl = await receiver.start();
  ({ sim, api } = await startTestSimulator({ webhookUrl }));
});
afterEach(async () => {
  await sim.webhooks.idle();
  receiver.reset();
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});

describe('webhook delivery', () => {
  it('retries a failing delivery until a 2xx with the same Upstash-Message-Id and a rising Upstash-Retried', async () => {
    receiver.failures = 2;
    sim.activity.changeRent(3318);
    await sim.webhooks.idle();
    expect(receiver.received).toHaveLength(3);
    const ids = new Set(receiver.received.map((r) => r.headers['upstash-message-id']));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(receiver.received.map((r) => r.headers['upstash-retried'])).toEqual(['0', '1', '2']);
    expect(receiver.received.every((r) => r.headers['x-api-token'] === SIM_CREDENTIALS.rentengine.webhookToken)).toBe(true);
    expect(new Set(receiver.received.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(sim.webhooks.stats()).toMatchObject({ delivered: expect.any(Number), pending: 0, gaveUp: 0 });
  });

  it('gives every delivery its own message id', async () => {
    sim.activity.changeRent(3318);
    sim.activity.changeRent(3318);
    await sim.webhooks.idle();
    expect(new Set(receiver.received.map((r) => r.headers['upstash-message-id'])).size).toBe(2);
  });
});

describe('what each change announces', () => {
  it('announces a rent change as UPDATE units with the UnitsEvents fields, status and address, and the old record', async () => {
    const before = sim.store.units.get(3318)!.target_rental_rate;
    const unit = sim.activity.changeRent(3318)!;
    await sim.webhooks.idle();
    const [update] = receiver.ofTable('units');
    expect(update).toMatchObject({ type: 'UPDATE', table: 'units', record: { id: 3318, target_rental_rate: unit.target_rental_rate }, old_record: { id: 3318, target_rental_rate: before } });
    expect(Object.keys(update!.record!)).toEqual(expect.arrayContaining(['property_type', 'highlighted_amenities', 'bedrooms', 'is_occupied', 'key_access', 'status', 'address']));
    expect(update!.record).not.toHaveProperty('created_at');
  });

  it('announces a unit created through the API as INSERT units with a null old_record', async () => {
    const created = await api.post<{ id: number }>('/units', { address: { street_number: '1', street_name: 'Elm St', city: 'Austin', state: 'TX', zip_code: '78701' }, property_type: 'ADU', bedrooms: 1, bathrooms: 1 });
    await sim.webhooks.idle();
    expect(receiver.ofTable('units')).toEqual([expect.objectContaining({ type: 'INSERT', old_record: null, record: expect.objectContaining({ id: created.body.id, status: 'Incomplete' }) })]);
  });

  it('announces an Install as INSERT lockbox_events with the lockbox event object', async () => {
    const event = sim.activity.moveLockbox('Install')!;
    await sim.webhooks.idle();
    expect(receiver.ofTable('lockbox_events')).toEqual([{ type: 'INSERT', table: 'lockbox_events', record: { ...event }, old_record: null }]);
    expect(typeof event.unit_id).toBe('string');
  });

  it('announces a new prospect as INSERT prospects and INSERT leasing_events "New"', async () => {
    const prospect = sim.activity.newProspect();
    await sim.webhooks.idle();
    expect(receiver.ofTable('prospects')).toEqual([{ type: 'INSERT', table: 'prospects', record: { ...prospect }, old_record: null }]);
    const [event] = receiver.ofTable('leasing_events');
    expect(event!.record).toEqual({ id: expect.any(Number), prospect_id: prospect.id, unit_id: prospect.unit_of_interest, event_type: 'New', source: 'Automation', notes: null, planned_date_time: null, created_at: expect.any(String) });
  });

  it('announces a funnel step as INSERT leasing_events plus UPDATE prospects with the old status', async () => {
    const prospect = sim.store.prospects.rows.find((p) => p.status === 'New')!;
    sim.activity.stepProspect(prospect.id);
    await sim.webhooks.idle();
    const [update] = receiver.ofTable('prospects');
    expect(update).toMatchObject({ type: 'UPDATE', old_record: { id: prospect.id, status: 'New' } });
    expect(['Contacted, Awaiting Information', 'Not Interested']).toContain(update!.record!['status']);
    expect(receiver.ofTable('leasing_events')[0]!.record).toMatchObject({ prospect_id: prospect.id, event_type: update!.record!['status'] });
  });

  it('announces an "Assign to User" leasing event created through the API', async () => {
    const prospect = sim.store.prospects.rows[0]!;
    await api.post('/leasing_events', { events: [{ prospect_id: prospect.id, event_type: 'Assign to User', context: { assignedToUserIds: [sim.store.subteams.rows[0]!.user_ids[0]] } }] });
    await sim.webhooks.idle();
    expect(receiver.ofTable('leasing_events')).toEqual([expect.objectContaining({ type: 'INSERT', record: expect.objectContaining({ prospect_id: prospect.id, event_type: 'Assign to User' }) })]);
  });

  it('sends webhooks for each activity tick', async () => {
    for (let i = 0; i < 5; i++) await sim.activityTick();
    await sim.webhooks.idle();
    expect(receiver.ofTable('leasing_events').length).toBeGreaterThanOrEqual(5);
    expect(receiver.ofTable('prospects').length).toBeGreaterThanOrEqual(5);
  });
});

describe('without a webhook URL', () => {
  it('changes state but sends nothing', async () => {
    const { sim: quiet } = await startTestSimulator();
    try {
      quiet.activity.changeRent(3318);
      await quiet.activityTick();
      await quiet.webhooks.idle();
      expect(quiet.webhooks.stats().attempts).toBe(0);
    } finally {
      await quiet.close();
    }
  });
});
