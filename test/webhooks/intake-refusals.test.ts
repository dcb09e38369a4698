import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { WEBHOOK_ERROR_CODES } from '../../src/webhooks/errors.js';
import { signStandardWebhook } from '../../src/simulators/deeprent/signing.js';
import { SIM_CREDENTIALS } from '../../src/simulators/credentials.js';
import { startTestApp, type TestApp } from '../utils/app.js';
import { deeprentHeaders, fixture, postWebhook, rentengineHeaders, type WebhookAnswer } from '../events/support.js';
import { fuzzCases, type FuzzCase } from './webhook-fuzz.js';

/**
 * What the webhook routes refuse, on the real gateway: every delivery when the vendor
 * has no secret configured, ids outside the allowed form, and a few hundred malformed
 * deliveries; each with a `{error, code, message}` body, nothing stored, nothing parked.
 */

/** RentEngine and deep.rent configured as in production: a base URL and API credentials, no webhook secret. */
const LIVE_WITHOUT_SECRETS = {
  RENTENGINE_BASE_URL: 'http://127.0.0.1:9/api/public/v1',
  RENTENGINE_API_TOKEN: 'live-rentengine-token',
  DEEPRENT_BASE_URL: 'http://127.0.0.1:9',
  DEEPRENT_API_KEY: 'live-deeprent-key',
};

function expectErrorBody(answer: WebhookAnswer, code: string): { error: string; code: string; message: string } {
  const body = JSON.parse(answer.body) as { error: string; code: string; message: string };
  expect(body).toEqual({ error: expect.any(String), code, message: expect.any(String) });
  return body;
}

/** What the store holds that a webhook could have added. */
const stored = (app: TestApp) => ({ lastSeq: app.services.events.log.lastSeq(), parked: app.services.events.log.parkedCount() });

async function send(app: TestApp, fuzz: FuzzCase): Promise<WebhookAnswer> {
  const response = await request(`${app.url}/webhooks/${fuzz.vendor}`, { method: 'POST', headers: fuzz.headers.flat(), body: fuzz.body });
  return { status: response.statusCode, headers: response.headers, body: await response.body.text() };
}

/** Sends every case, a few at a time, and returns the answers in order. */
async function sendAll(app: TestApp, cases: readonly FuzzCase[], concurrency = 8): Promise<WebhookAnswer[]> {
  const answers: WebhookAnswer[] = new Array(cases.length);
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < cases.length) {
      const i = next++;
      answers[i] = await send(app, cases[i]!);
    }
  }));
  return answers;
}

const codeOf = (body: string): unknown => {
  try {
    return (JSON.parse(body) as { code?: unknown }).code;
  } catch {
    return undefined;
  }
};

/** Every answer has an allowed status and a `{error, code, message}` body with a listed code; else the cases that did not. */
function expectAllRefusedWithShape(cases: readonly FuzzCase[], answers: readonly WebhookAnswer[], allowed: readonly number[]): void {
  const wrong = answers
    .map((answer, i) => ({ name: cases[i]!.name, status: answer.status, code: codeOf(answer.body), body: answer.body.slice(0, 300) }))
    .filter(({ status, code }) => !allowed.includes(status) || !WEBHOOK_ERROR_CODES.includes(code as never));
  expect(wrong).toEqual([]);
}

describe('webhooks of a LIVE vendor without a secret', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ rentrollUnits: 10, env: LIVE_WITHOUT_SECRETS });
  });
  afterAll(async () => {
    await app.close();
  });

  it('says once at start which variable turns each vendor\'s webhooks on', () => {
    const warnings = app.logs.map((line) => JSON.parse(line) as { level: number; msg: string }).filter((line) => line.level === 40);
    expect(warnings.filter((line) => line.msg.includes('RENTENGINE_WEBHOOK_TOKEN'))).toHaveLength(1);
    expect(warnings.filter((line) => line.msg.includes('DEEPRENT_WEBHOOK_SECRET'))).toHaveLength(1);
  });

  it('refuses a RentEngine delivery with no headers with 401 NOT_CONFIGURED, storing nothing', async () => {
    const before = stored(app);
    const answer = await postWebhook(app.url, 'rentengine', fixture('rentengine-unit-update.json'), {});
    expect(answer.status).toBe(401);
    expect(expectErrorBody(answer, 'NOT_CONFIGURED')).toMatchObject({ error: 'Unauthorized', message: expect.stringContaining('RENTENGINE_WEBHOOK_TOKEN') });
    expect(stored(app)).toEqual(before);
  });

  it('refuses an unsigned deep.rent delivery it would have parked, and parks nothing', async () => {
    const before = stored(app);
    const unknownEvent = JSON.stringify({ event: 'protocol.archived', orgId: 'org', protocol: {} });
    const answer = await postWebhook(app.url, 'deeprent', unknownEvent, { 'webhook-id': 'msg_unsigned' });
    expect(answer.status).toBe(401);
    expect(expectErrorBody(answer, 'NOT_CONFIGURED').message).toContain('DEEPRENT_WEBHOOK_SECRET');
    expect(stored(app)).toEqual(before);
  });

  it('refuses deliveries carrying any credential, and bodies over the limit, without reading them', async () => {
    const before = stored(app);
    const body = fixture('deeprent-protocol-generated.json');
    expect((await postWebhook(app.url, 'deeprent', body, deeprentHeaders(body))).status).toBe(401);
    expect((await postWebhook(app.url, 'rentengine', fixture('rentengine-leasing-event.json'), rentengineHeaders())).status).toBe(401);
    expect((await postWebhook(app.url, 'rentengine', '{"x":"' + 'y'.repeat(1_100_000) + '"}', rentengineHeaders())).status).toBe(401);
    expect(stored(app)).toEqual(before);
  });

  it('counts every refusal as rejected', async () => {
    await postWebhook(app.url, 'rentengine', '{}', {});
    const metrics = await (await request(`${app.url}/metrics`)).body.text();
    expect(metrics).toMatch(/rentgraph_webhooks\{vendor="RENTENGINE",outcome="rejected"\} [3-9]/);
    expect(metrics).toMatch(/rentgraph_webhooks\{vendor="DEEPRENT",outcome="rejected"\} [2-9]/);
    expect(metrics).not.toMatch(/rentgraph_webhooks\{vendor="(RENTENGINE|DEEPRENT)",outcome="(accepted|parked|malformed)"\} [1-9]/);
  });

  it('answers 300 malformed deliveries with 401, none with 500 or more, and stores nothing', async () => {
    const before = stored(app);
    const cases = fuzzCases(20_241, 300, { signed: false });
    expectAllRefusedWithShape(cases, await sendAll(app, cases), [401]);
    expect(stored(app)).toEqual(before);
  });
});

describe('webhook ids and error bodies', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ rentrollUnits: 10 });
  });
  afterAll(async () => {
    await app.close();
  });

  const leasing = (record: Record<string, unknown>) => {
    const delivery = JSON.parse(fixture('rentengine-leasing-event.json')) as { record: Record<string, unknown> };
    return JSON.stringify({ ...delivery, record: { ...delivery.record, ...record } });
  };

  it('answers 400 MALFORMED to a delivery id that is too long or has characters outside the set, saying what arrived', async () => {
    const before = stored(app);
    const long = await postWebhook(app.url, 'rentengine', leasing({ id: 1 }), rentengineHeaders('m'.repeat(129)));
    expect(long.status).toBe(400);
    expect(expectErrorBody(long, 'MALFORMED').message).toBe(
      'expected the delivery id (Upstash-Message-Id) to be 1 to 128 characters from A–Z a–z 0–9 . _ - : ~ @ + = /, got 129 characters',
    );
    const tab = await postWebhook(app.url, 'rentengine', leasing({ id: 2 }), rentengineHeaders('msg\tone'));
    expect(expectErrorBody(tab, 'MALFORMED').message).toMatch(/got a control character \(U\+0009\) at position 4$/);
    const body = fixture('deeprent-protocol-generated.json');
    const id = 'msg one';
    const timestamp = Math.floor(Date.now() / 1000);
    const spaced = await postWebhook(app.url, 'deeprent', body, {
      'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signStandardWebhook(SIM_CREDENTIALS.deeprent.webhookSecret, id, timestamp, body),
    });
    expect(spaced.status).toBe(400);
    expect(expectErrorBody(spaced, 'MALFORMED').message).toMatch(/^expected the delivery id \(webhook-id\) .* got " " \(U\+0020\) at position 4$/);
    expect(stored(app)).toEqual(before);
  });

  it('answers 400 MALFORMED to record ids that are too long or carry control characters, and stores nothing', async () => {
    const before = stored(app);
    const long = await postWebhook(app.url, 'rentengine', leasing({ id: 'e'.repeat(200) }), rentengineHeaders());
    expect(expectErrorBody(long, 'MALFORMED').message).toMatch(/^expected the leasing event's id to be 1 to 128 characters .*, got 200 characters$/);
    const nul = await postWebhook(app.url, 'rentengine', leasing({ prospect_id: 'p\u00001' }), rentengineHeaders());
    expect(expectErrorBody(nul, 'MALFORMED').message).toMatch(/^expected the leasing event's prospect id .* got a control character \(U\+0000\) at position 2$/);
    const protocol = JSON.parse(fixture('deeprent-protocol-generated.json')) as { protocol: { object: { id: string } } };
    protocol.protocol.object.id = 'obj\u202e1';
    const text = JSON.stringify(protocol);
    const object = await postWebhook(app.url, 'deeprent', text, deeprentHeaders(text));
    expect(expectErrorBody(object, 'MALFORMED').message).toMatch(/the protocol's unit id .* got a control character \(U\+202E\) at position 4$/);
    expect(stored(app)).toEqual(before);
  });

  it('accepts ids at the edge of the allowed form', async () => {
    const edge = `A-z_0.9:~@+=/${'x'.repeat(115)}`;
    expect(edge).toHaveLength(128);
    const answer = await postWebhook(app.url, 'rentengine', leasing({ id: edge, prospect_id: 'uuid-like:ab/cd+=' }), rentengineHeaders(edge));
    expect(answer.status).toBe(200);
  });

  it('gives 404 NOT_FOUND, 413 TOO_LARGE and 401 BAD_CREDENTIAL bodies the same shape', async () => {
    const unknown = await request(`${app.url}/webhooks/stripe`, { method: 'POST', body: '{}' });
    expect(unknown.statusCode).toBe(404);
    expectErrorBody({ status: 404, headers: {}, body: await unknown.body.text() }, 'NOT_FOUND');
    const get = await request(`${app.url}/webhooks/rentengine`);
    expect(expectErrorBody({ status: get.statusCode, headers: {}, body: await get.body.text() }, 'NOT_FOUND').message).toMatch(/^expected POST \/webhooks\/rentengine or POST \/webhooks\/deeprent, got GET \/webhooks\/rentengine$/);
    const huge = await postWebhook(app.url, 'rentengine', 'x'.repeat(1_048_577), rentengineHeaders());
    expect(huge.status).toBe(413);
    expect(expectErrorBody(huge, 'TOO_LARGE').error).toBe('Payload Too Large');
    const wrong = await postWebhook(app.url, 'rentengine', '{}', rentengineHeaders(undefined, 'wrong'));
    expect(expectErrorBody(wrong, 'BAD_CREDENTIAL').message).toContain('x-api-token');
  });

  it('answers 300 malformed deliveries with valid credentials with 4xx, none with 500 or more, and stores nothing', async () => {
    const before = stored(app);
    const cases = fuzzCases(7_777, 300, { signed: true });
    const answers = await sendAll(app, cases);
    expectAllRefusedWithShape(cases, answers, [400, 413]);
    // The credentials held: the checks after them were reached, not refused at the door.
    expect(answers.filter((a) => a.status === 400).length).toBeGreaterThan(200);
    expect(stored(app)).toEqual(before);
  });

  it('answers 300 malformed deliveries with missing or wrong credentials with 4xx and stores nothing', async () => {
    const before = stored(app);
    const cases = fuzzCases(31_337, 300, { signed: false });
    // 413 and a Content-Type that is no media type at all are answered before the credential is read.
    expectAllRefusedWithShape(cases, await sendAll(app, cases), [400, 401, 413]);
    expect(stored(app)).toEqual(before);
  });
});

describe('webhook intake with the store down', () => {
  it('answers a good delivery 503 UNAVAILABLE with Retry-After, and malformed ones still 4xx, never 500', async () => {
    const app = await startTestApp({ rentrollUnits: 10 });
    try {
      await app.services.store.close();
      const answer = await postWebhook(app.url, 'rentengine', fixture('rentengine-unit-update.json'), rentengineHeaders());
      expect(answer.status).toBe(503);
      expect(answer.headers['retry-after']).toBe('5');
      expectErrorBody(answer, 'UNAVAILABLE');
      const cases = fuzzCases(99, 100, { signed: true });
      expectAllRefusedWithShape(cases, await sendAll(app, cases), [400, 413, 503]);
    } finally {
      await app.close();
    }
  });
});
