import { describe, expect, it } from 'vitest';
import { startRentengineSimulator } from '../../../src/simulators/rentengine/server.js';
import { createWorld } from '../../../src/simulators/world/index.js';
import { apiClient, startTestSimulator } from './harness.js';

describe('rate limit', () => {
  it('answers the 21st request within 5 seconds with 429 and a whole-second Retry-After', async () => {
    // No rateLimit option: the default of 20 requests per 5 seconds per token.
    const sim = await startRentengineSimulator({ world: createWorld({ seed: 7, rentrollUnits: 50 }) });
    const api = apiClient(sim);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await api.get('/subteams')).status);
      expect(statuses.every((s) => s === 200)).toBe(true);
      const limited = await api.get('/units?limit=1');
      expect(limited.status).toBe(429);
      expect(limited.body).toEqual({ error: 'Too Many Requests' });
      const retryAfter = limited.headers.get('retry-after')!;
      expect(retryAfter).toMatch(/^\d+$/);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(retryAfter)).toBeLessThanOrEqual(5);
    } finally {
      await sim.close();
    }
  });

  it('lets requests through again once the window has moved on', async () => {
    // A window of a second: long enough that three requests fit in it on a loaded machine.
    const { sim, api } = await startTestSimulator({ rateLimit: { requests: 3, windowMillis: 1_000 } });
    try {
      for (let i = 0; i < 3; i++) expect((await api.get('/subteams')).status).toBe(200);
      const limited = await api.get('/subteams');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('1');
      await new Promise((resolve) => setTimeout(resolve, 1_050));
      expect((await api.get('/subteams')).status).toBe(200);
    } finally {
      await sim.close();
    }
  });

  it('checks the token before counting: a 401 uses no allowance', async () => {
    const { sim, api } = await startTestSimulator({ rateLimit: { requests: 2, windowMillis: 60_000 } });
    try {
      for (let i = 0; i < 5; i++) expect((await api.get('/subteams', 'wrong')).status).toBe(401);
      expect((await api.get('/subteams')).status).toBe(200);
      expect((await api.get('/subteams')).status).toBe(200);
      expect((await api.get('/subteams')).status).toBe(429);
    } finally {
      await sim.close();
    }
  });

  it('is off with rateLimit: null', async () => {
    const { sim, api } = await startTestSimulator({ rateLimit: null });
    try {
      for (let i = 0; i < 40; i++) expect((await api.get('/subteams')).status).toBe(200);
    } finally {
      await sim.close();
    }
  });
});
