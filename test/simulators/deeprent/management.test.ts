import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_CREDENTIALS } from '../../../src/simulators/credentials.js';
import { DEEPRENT_MEMBER_SESSION_TOKEN, startDeeprentSimulator, type RunningDeeprentSimulator } from '../../../src/simulators/deeprent/server.js';
import { createWorld } from '../../../src/simulators/world/index.js';

const { sessionToken, orgId } = SIM_CREDENTIALS.deeprent;
const owner = { authorization: `Bearer ${sessionToken}`, 'x-org-id': orgId };
const member = { authorization: `Bearer ${DEEPRENT_MEMBER_SESSION_TOKEN}` };
let sim: RunningDeeprentSimulator;

beforeAll(async () => {
  sim = await startDeeprentSimulator({ world: createWorld({ seed: 3, rentrollUnits: 50 }) });
});
afterAll(async () => {
  await sim.close();
});

async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const response = await fetch(`${sim.server.origin}${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as Record<string, unknown>) };
}

describe('deep.rent /api/api-keys', () => {
  it('answers 401 without a session and 403 for a member who is not the owner', async () => {
    expect(await call('GET', '/api/api-keys', {})).toEqual({ status: 401, body: { error: 'Not authenticated' } });
    expect(await call('GET', '/api/api-keys', { authorization: `Bearer ${SIM_CREDENTIALS.deeprent.apiKey}` })).toMatchObject({ status: 401 });
    expect(await call('POST', '/api/api-keys', member, { name: 'x' })).toEqual({ status: 403, body: { error: 'Not an org owner' } });
    expect(await call('GET', '/api/api-keys', member)).toMatchObject({ status: 403 });
  });

  it('answers 403 when x-org-id names another organization', async () => {
    expect(await call('GET', '/api/api-keys', { ...owner, 'x-org-id': 'org-other' })).toMatchObject({ status: 403 });
  });

  it('creates a key shown once, lists it without the key, and the key works on /external', async () => {
    const created = await call('POST', '/api/api-keys', owner, { name: 'CRM sync', description: 'Production integration' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), name: 'CRM sync', description: 'Production integration', key: expect.any(String), createdAt: expect.any(String) });
    const { id, key } = created.body as { id: string; key: string };

    const listed = await call('GET', '/api/api-keys', owner);
    const item = (listed.body!['apiKeys'] as Record<string, unknown>[]).find((k) => k['id'] === id);
    expect(item).toMatchObject({ name: 'CRM sync', enabled: true, updatedAt: expect.any(String) });
    expect(item).not.toHaveProperty('key');
    expect(await call('GET', `/api/api-keys/${id}`, owner)).toMatchObject({ status: 200, body: { id, name: 'CRM sync' } });

    const external = await call('GET', '/external/protocols?limit=1', { 'x-api-key': key });
    expect(external).toMatchObject({ status: 200, body: { success: true, count: 1 } });
  });

  it('accepts the session as a cookie', async () => {
    expect((await call('GET', '/api/api-keys', { cookie: `theme=dark; session=${sessionToken}` })).status).toBe(200);
  });

  it('revokes a key with 204, after which it no longer works and is not found', async () => {
    const { body } = await call('POST', '/api/api-keys', owner, { name: 'short-lived' });
    const { id, key } = body as { id: string; key: string };
    expect(await call('DELETE', `/api/api-keys/${id}`, owner)).toEqual({ status: 204, body: null });
    expect((await call('GET', '/external/protocols', { 'x-api-key': key })).status).toBe(401);
    expect(await call('GET', `/api/api-keys/${id}`, owner)).toEqual({ status: 404, body: { error: 'Key not found' } });
    expect((await call('DELETE', `/api/api-keys/${id}`, owner)).status).toBe(404);
  });

  it('answers 400 when the name is missing', async () => {
    expect(await call('POST', '/api/api-keys', owner, { description: 'no name' })).toMatchObject({ status: 400 });
  });
});

describe('deep.rent /api/webhooks', () => {
  it('lists the allowed events', async () => {
    expect(await call('GET', '/api/webhooks/events', owner)).toEqual({ status: 200, body: { events: ['protocol.generated', 'protocol.deleted'] } });
  });

  it('answers 401 without a session', async () => {
    expect(await call('GET', '/api/webhooks', {})).toEqual({ status: 401, body: { error: 'Not authenticated' } });
  });

  it('creates a subscription (201, active by default, no secret), updates it partially and deletes it', async () => {
    const created = await call('POST', '/api/webhooks', member, { name: 'CRM sync', event: 'protocol.generated', url: 'https://example.com/hooks/deep-rent' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), orgId, name: 'CRM sync', event: 'protocol.generated', url: 'https://example.com/hooks/deep-rent', active: true, createdAt: expect.any(String) });
    expect(JSON.stringify(created.body)).not.toMatch(/secret|whsec_/);
    const id = created.body!['id'] as string;

    const listed = await call('GET', '/api/webhooks', owner);
    expect(listed.body).toEqual(expect.arrayContaining([expect.objectContaining({ id })]));

    const updated = await call('PUT', `/api/webhooks/${id}`, owner, { active: false });
    expect(updated).toMatchObject({ status: 200, body: { id, active: false, url: 'https://example.com/hooks/deep-rent', event: 'protocol.generated' } });

    expect(await call('DELETE', `/api/webhooks/${id}`, owner)).toEqual({ status: 204, body: null });
    expect((await call('DELETE', `/api/webhooks/${id}`, owner)).status).toBe(404);
    expect(await call('PUT', `/api/webhooks/${id}`, owner, { active: true })).toEqual({ status: 404, body: { error: 'Webhook subscription not found' } });
  });

  it('answers 400 for an unknown event or a missing url', async () => {
    const badEvent = await call('POST', '/api/webhooks', owner, { event: 'protocol.updated', url: 'https://example.com/h' });
    expect(badEvent).toEqual({ status: 400, body: { error: 'event must be one of protocol.generated, protocol.deleted, got "protocol.updated"' } });
    expect((await call('POST', '/api/webhooks', owner, { event: 'protocol.deleted' })).status).toBe(400);
  });
});
