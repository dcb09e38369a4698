import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { leasingEventBody, postWebhook, rentengineHeaders } from '../events/support.js';
import { bearer, gatewayWithKeys, KEYS, post, wsSession } from './support.js';

const VIEWER = '{ viewer { name } }';

describe('RENTGRAPH_CLIENT_RATE_LIMIT=3/60s', () => {
  const gateway = gatewayWithKeys({ RENTGRAPH_CLIENT_RATE_LIMIT: '3/60s' });

  it('answers a key\'s fourth request within the window 429 with Retry-After and RATE_LIMITED, and serves other keys', async () => {
    const app = gateway();
    for (let i = 0; i < 3; i++) expect((await post(app, { query: VIEWER }, bearer('reader'))).status).toBe(200);
    const limited = await post(app, { query: VIEWER }, bearer('reader'));
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers['retry-after']);
    // One token comes back every 20 s.
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(20);
    expect(limited.body).toEqual({ errors: [{ message: expect.stringMatching(/^the key "reader" is over its rate limit of 3 requests per 60000 ms \(RENTGRAPH_CLIENT_RATE_LIMIT\); retry after \d+ s$/), extensions: { code: 'RATE_LIMITED' } }] });
    expect((await post(app, { query: VIEWER }, bearer('writer'))).status).toBe(200);
  });

  it('counts a subscription\'s start over graphql-ws but not its notices', async () => {
    const app = gateway();
    const session = wsSession(app, { authorization: `Bearer ${KEYS.operator.key}` });
    try {
      const notices = session.start({ query: 'subscription { leasingEvents { cursor } }' });
      for (let i = 0; i < 100 && app.services.events.bus.listenerCount() === 0; i++) await sleep(20);
      for (const id of [93001, 93002, 93003, 93004]) expect((await postWebhook(app.url, 'rentengine', leasingEventBody(id), rentengineHeaders())).status).toBe(200);
      await notices.waitFor(4);
      expect(notices.results.every((result) => result.errors === undefined)).toBe(true);
      expect(await session.start({ query: VIEWER }).first()).toEqual({ data: { viewer: { name: 'operator' } } });
      expect(await session.start({ query: VIEWER }).first()).toEqual({ data: { viewer: { name: 'operator' } } });
      const limited = await session.start({ query: VIEWER }).first();
      expect(limited.errors?.[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) } });
      expect((await post(app, { query: VIEWER }, bearer('operator'))).status).toBe(429);
    } finally {
      await session.dispose();
    }
  });
});
