import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startTestApp, type TestApp } from '../utils/app.js';

describe('the HTTP surface', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers /healthz and /readyz', async () => {
    const health = await request(`${app.url}/healthz`);
    expect(health.statusCode).toBe(200);
    expect(await health.body.json()).toEqual({ status: 'ok' });
    const ready = await request(`${app.url}/readyz`);
    const body = (await ready.body.json()) as { status: string; checks: Record<string, unknown> };
    expect(body.checks['store']).toBe(true);
    expect([200, 503]).toContain(ready.statusCode);
    // One process on a SQLite file is its own leader.
    expect(body).toMatchObject({ database: { engine: 'sqlite', reachable: true }, replica: { id: app.config.replicaId, leader: true } });
  });

  it('shows the Apollo Sandbox landing page to a browser GET', async () => {
    const page = await request(`${app.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(await page.body.text()).toMatch(/sandbox/i);
  });

  it('answers a GraphQL GET with a query', async () => {
    const response = await request(`${app.url}/graphql?query=${encodeURIComponent('{ vendors { vendor mode } }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(response.statusCode).toBe(200);
    const body = (await response.body.json()) as { data: { vendors: { vendor: string; mode: string }[] } };
    expect(body.data.vendors).toContainEqual({ vendor: 'RENTROLL', mode: 'SIMULATED' });
  });

  it('refuses a GET without a CSRF preflight header', async () => {
    const response = await request(`${app.url}/graphql?query=${encodeURIComponent('{ vendors { vendor } }')}`);
    expect(response.statusCode).toBe(400);
    await response.body.dump();
  });

  it('serves Prometheus metrics, naming the replica and whether it leads', async () => {
    const response = await request(`${app.url}/metrics`);
    expect(response.statusCode).toBe(200);
    const text = await response.body.text();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain(`rentgraph_replica_info{replica="${app.config.replicaId}",database="sqlite"} 1`);
    expect(text).toContain(`rentgraph_replica_leader{replica="${app.config.replicaId}"} 1`);
  });

  it('masks an unexpected error as INTERNAL without internals', async () => {
    const { errors } = await app.graphql('{ __typename nodes(ids: ["VW5pdDpSRU5UUk9MTDoxMDAx"]) { id } }');
    expect(errors).toBeUndefined();
  });

  it('accepts graphql-ws connections on /graphql', async () => {
    const client: Client = createClient({ url: app.url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
    const connected = new Promise<void>((resolve, reject) => {
      client.on('connected', () => resolve());
      client.on('closed', (event) => reject(new Error(`closed: ${JSON.stringify(event)}`)));
    });
    await connected;
    await client.dispose();
  });
});

