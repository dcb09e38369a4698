import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_CREDENTIALS } from '../../../src/simulators/credentials.js';
import { signStandardWebhook, startDeeprentSimulator, type RunningDeeprentSimulator } from '../../../src/simulators/deeprent/server.js';
import { createWorld, startOfUtcDay } from '../../../src/simulators/world/index.js';

interface Attempt {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  at: number;
  path: string;
}

/** A loopback receiver that answers 500 to the first `failures` attempts of each webhook-id, then 204. */
async function startReceiver(failures: number) {
  const attempts: Attempt[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const id = String(request.headers['webhook-id']);
      attempts.push({ id, timestamp: String(request.headers['webhook-timestamp']), signature: String(request.headers['webhook-signature']), body, at: performance.now(), path: request.url ?? '' });
      const seen = attempts.filter((a) => a.id === id).length;
      response.statusCode = seen <= failures ? 500 : 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    attempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function until<T>(probe: () => T | undefined, timeoutMillis = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMillis;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing arrived within ${timeoutMillis} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const secret = SIM_CREDENTIALS.deeprent.webhookSecret;
const verify = (a: Attempt, key = secret) => a.signature.split(' ').includes(signStandardWebhook(key, a.id, Number(a.timestamp), a.body));

describe('deep.rent outbound webhooks to a receiver that fails twice', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let sim: RunningDeeprentSimulator;

  beforeAll(async () => {
    receiver = await startReceiver(2);
    sim = await startDeeprentSimulator({ world: createWorld({ seed: 9, rentrollUnits: 100 }), webhookUrl: `${receiver.url}/webhooks/deeprent` });
  });
  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });

  it('retries on the scaled Standard Webhooks schedule until a 2xx, with the same webhook-id and a valid signature each time', async () => {
    await sim.activityTick!();
    const generated = await until(() => {
      const first = receiver.attempts.find((a) => JSON.parse(a.body).event === 'protocol.generated');
      return first !== undefined && receiver.attempts.filter((a) => a.id === first.id).length >= 3 ? first.id : undefined;
    });
    const tries = receiver.attempts.filter((a) => a.id === generated);
    expect(tries).toHaveLength(3);
    expect(tries.map((a) => a.body)).toEqual([tries[0]!.body, tries[0]!.body, tries[0]!.body]);
    for (const attempt of tries) {
      expect(attempt.path).toBe('/webhooks/deeprent');
      expect(attempt.id).toMatch(/^msg_/);
      expect(Math.abs(Number(attempt.timestamp) - Date.now() / 1000)).toBeLessThan(30);
      expect(verify(attempt)).toBe(true);
    }
    // 5 s and 5 min scaled by 0.001: 5 ms, then 300 ms.
    expect(tries[2]!.at - tries[1]!.at).toBeGreaterThanOrEqual(280);
    // The receiver records an attempt before the sender has read its answer.
    await until(() => (sim.webhookStats().delivered >= 1 ? true : undefined));
  });

  it('sends {event, orgId, protocol} where the protocol is the one now listed first', async () => {
    const attempt = receiver.attempts.find((a) => JSON.parse(a.body).event === 'protocol.generated')!;
    const payload = JSON.parse(attempt.body) as { event: string; orgId: string; protocol: { id: string; meta: { deletedAt: null } } };
    expect(payload.orgId).toBe(SIM_CREDENTIALS.deeprent.orgId);
    const listed = await fetch(`${sim.server.origin}/external/protocols?limit=1`, { headers: { 'x-api-key': SIM_CREDENTIALS.deeprent.apiKey } });
    const first = ((await listed.json()) as { protocols: unknown[] }).protocols[0];
    expect(payload.protocol).toEqual(first);
  });

  it('rejects a signature made with another secret', () => {
    const attempt = receiver.attempts[0]!;
    expect(verify(attempt, `whsec_${Buffer.from('another key').toString('base64')}`)).toBe(false);
  });
});

describe('deep.rent activity and API-made subscriptions', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let sim: RunningDeeprentSimulator;
  const listAll = async (includeDeleted: boolean) => {
    const response = await fetch(`${sim.server.origin}/external/protocols?limit=200&includeDeleted=${includeDeleted}`, { headers: { 'x-api-key': SIM_CREDENTIALS.deeprent.apiKey } });
    return ((await response.json()) as { protocols: { id: string; meta: { deletedAt: string | null } }[] }).protocols;
  };

  beforeAll(async () => {
    receiver = await startReceiver(0);
    sim = await startDeeprentSimulator({ world: createWorld({ seed: 4, rentrollUnits: 40 }) });
  });
  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });

  it('soft-deletes protocols now and then, announced as protocol.deleted to a subscription made through the API', async () => {
    const created = await fetch(`${sim.server.origin}/api/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SIM_CREDENTIALS.deeprent.sessionToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'protocol.deleted', url: `${receiver.url}/hooks` }),
    });
    const { id } = (await created.json()) as { id: string };
    const secretResponse = await fetch(`${sim.server.origin}/__sim/webhook-secrets/${id}`);
    const { secret: subscriptionSecret } = (await secretResponse.json()) as { secret: string };
    expect(subscriptionSecret).toMatch(/^whsec_/);

    for (let tick = 0; tick < 60 && receiver.attempts.length === 0; tick++) await sim.activityTick!();
    const attempt = await until(() => receiver.attempts[0]);
    const payload = JSON.parse(attempt.body) as { event: string; protocol: { id: string; meta: { deletedAt: string | null } } };
    expect(payload.event).toBe('protocol.deleted');
    expect(payload.protocol.meta.deletedAt).not.toBeNull();
    expect(verify(attempt, subscriptionSecret)).toBe(true);
    expect(verify(attempt)).toBe(false);

    expect((await listAll(false)).map((p) => p.id)).not.toContain(payload.protocol.id);
    expect((await listAll(true)).find((p) => p.id === payload.protocol.id)?.meta.deletedAt).toBe(payload.protocol.meta.deletedAt);
  });
});

describe('deep.rent on a fixed clock', () => {
  it('stamps new protocols and signs webhook-timestamp by its own clock, not the machine\'s', async () => {
    const now = new Date('2025-03-10T12:00:00Z');
    const receiver = await startReceiver(0);
    const sim = await startDeeprentSimulator({ world: createWorld({ seed: 9, rentrollUnits: 100, anchor: startOfUtcDay(now) }), webhookUrl: `${receiver.url}/webhooks/deeprent`, now: () => now });
    try {
      await sim.activityTick!();
      const attempt = await until(() => receiver.attempts.find((a) => JSON.parse(a.body).event === 'protocol.generated'));
      expect(attempt.timestamp).toBe(String(now.getTime() / 1000));
      expect(verify(attempt)).toBe(true);
      expect(JSON.parse(attempt.body).protocol.protocol.createdAt).toBe('2025-03-10T12:00:00Z');
    } finally {
      await sim.close();
      await receiver.close();
    }
  });
});
