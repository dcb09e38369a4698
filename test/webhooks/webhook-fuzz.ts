import { createHmac } from 'node:crypto';
import { SIM_CREDENTIALS } from '../../src/simulators/credentials.js';
import { createRandom, type Random } from '../../src/simulators/world/random.js';
import { fixture, rentengineHeaders } from '../events/support.js';

/**
 * Malformed webhook deliveries for both endpoints, from a seeded generator so a failure
 * names a case that can be sent again. Every case is built to be refused: bodies that are
 * not JSON, JSON that is not the vendor's envelope, envelopes whose ids break the allowed
 * form, oversized bodies, and headers that are missing, repeated, garbled or wrong. With
 * `signed`, a case carries the vendor's valid credential, so the checks after the
 * credential are reached; without it, it carries none or a wrong one.
 */
export interface FuzzCase {
  name: string;
  vendor: 'rentengine' | 'deeprent';
  body: Buffer;
  /** Header pairs; a name may repeat. */
  headers: [string, string][];
}

const HEADER_NOISE = ['', ' ', '\t', 'null', 'undefined', '0', '-1', '9'.repeat(40), 'é', '\u00ff\u0080', 'v1,', 'v1,@@@@', 'a'.repeat(5000), '%00', '${jndi:x}', '<script>', 'msg_ok\tnext'];

function randomBytes(random: Random, length: number): Buffer {
  return Buffer.from(Array.from({ length }, () => random.int(0, 255)));
}

function randomVisible(random: Random, length: number): string {
  return Array.from({ length }, () => String.fromCharCode(random.int(0x20, 0x7e))).join('');
}

/** Ids that break the allowed form in one way each. */
function badId(random: Random): string | number {
  return random.pick<string | number>([
    'x'.repeat(random.int(129, 600)),
    `id\u0000${random.int(0, 9)}`,
    `id\n${random.int(0, 9)}`,
    'id with spaces',
    'ïd-ünicode',
    'id"quote',
    '../../etc/passwd\\',
    `id\u202e${random.int(0, 9)}`,
  ]);
}

function bodies(random: Random, vendor: FuzzCase['vendor']): { name: string; body: Buffer } {
  const valid = vendor === 'rentengine' ? fixture('rentengine-leasing-event.json') : fixture('deeprent-protocol-generated.json');
  const kind = random.int(0, 9);
  switch (kind) {
    case 0:
      return { name: 'random bytes', body: randomBytes(random, random.int(0, 2000)) };
    case 1:
      return { name: 'a valid delivery cut short', body: Buffer.from(valid.slice(0, random.int(0, valid.trimEnd().length - 2))) };
    case 2:
      return { name: 'JSON that is not an object', body: Buffer.from(random.pick(['1', '"text"', 'null', 'true', '[]', '[{"type":"INSERT"}]', '-0', '1e999'])) };
    case 3:
      return { name: 'deeply nested arrays', body: Buffer.from(`${'['.repeat(random.int(1000, 200_000))}${']'.repeat(random.int(0, 10))}`) };
    case 4: {
      const wrong = random.pick<unknown>([1, null, [], {}, true, 1e300]);
      const envelope = vendor === 'rentengine'
        ? random.pick([{ type: wrong, table: 'units', record: {}, old_record: null }, { type: 'INSERT', table: wrong, record: {}, old_record: null }, { table: 'units' }])
        : random.pick([{ event: wrong, orgId: 'org', protocol: {} }, { orgId: 'org' }, { protocol: {} }]);
      return { name: 'an envelope with a field of the wrong type', body: Buffer.from(JSON.stringify(envelope)) };
    }
    case 5: {
      const parsed = JSON.parse(valid) as Record<string, Record<string, unknown>>;
      if (vendor === 'rentengine') parsed['record']![random.pick(['id', 'prospect_id', 'unit_id'])] = badId(random);
      else if (random.chance(0.5)) parsed['protocol']!['id'] = badId(random);
      else (parsed['protocol']!['object'] as Record<string, unknown>)['id'] = badId(random);
      return { name: 'a delivery with an id outside the allowed form', body: Buffer.from(JSON.stringify(parsed)) };
    }
    case 6:
      return { name: 'a body over 1 MB', body: Buffer.from(`{"pad":"${'x'.repeat(1_048_577 + random.int(0, 1000))}"}`) };
    case 7:
      return { name: 'text with a BOM and NULs', body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(valid.replace(/"/g, '\u0000'))]) };
    case 8:
      return { name: 'random printable text', body: Buffer.from(randomVisible(random, random.int(1, 500))) };
    default:
      return { name: 'an empty body', body: Buffer.alloc(0) };
  }
}

/** Standard Webhooks headers over the exact bytes, signed with the simulators' deep.rent secret. */
function signedDeeprent(body: Buffer, id: string, timestampSeconds = Math.floor(Date.now() / 1000)): [string, string][] {
  const key = Buffer.from(SIM_CREDENTIALS.deeprent.webhookSecret.slice('whsec_'.length), 'base64');
  const mac = createHmac('sha256', key).update(`${id}.${timestampSeconds}.`).update(body).digest('base64');
  return [['webhook-id', id], ['webhook-timestamp', String(timestampSeconds)], ['webhook-signature', `v1,${mac}`]];
}

/** A delivery id outside the allowed form that a header can still carry. */
const badHeaderId = (random: Random): string => String(badId(random)).replace(/[\u0000\n\u202e]/g, '\t') || 'x'.repeat(200);

function credentialHeaders(random: Random, vendor: FuzzCase['vendor'], body: Buffer, signed: boolean): [string, string][] {
  if (vendor === 'rentengine') {
    const good = Object.entries(rentengineHeaders());
    if (signed) return random.chance(0.3) ? [...good.filter(([name]) => name !== 'Upstash-Message-Id'), ['upstash-message-id', badHeaderId(random)]] : good;
    return random.pick<[string, string][]>([
      [],
      [['x-api-token', random.pick(HEADER_NOISE)]],
      [['x-api-token', 'sim-rentengine-webhook-token'], ['x-api-token', 'sim-rentengine-webhook-token']],
      [['upstash-message-id', 'msg_1'], ['upstash-signature', random.pick(HEADER_NOISE)]],
      good.map(([name, value]) => [name, name === 'x-api-token' ? `${value}x` : value] as [string, string]),
    ]);
  }
  const good = signedDeeprent(body, `msg_${random.hex(24)}`);
  if (signed) return random.chance(0.3) ? signedDeeprent(body, badHeaderId(random)) : good;
  return random.pick<[string, string][]>([
    [],
    [['webhook-id', 'msg_1'], ['webhook-timestamp', random.pick(HEADER_NOISE)], ['webhook-signature', random.pick(HEADER_NOISE)]],
    good.map(([name, value]) => [name, name === 'webhook-timestamp' ? String(Number(value) - 10_000) : value] as [string, string]),
    good.map(([name, value]) => [name, name === 'webhook-signature' ? value.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) : value] as [string, string]),
    [...good, ...good],
  ]);
}

const CONTENT_TYPES = ['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', '*/*', 'garbage'];

export function fuzzCases(seed: number, count: number, options: { signed: boolean }): FuzzCase[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const vendor = i % 2 === 0 ? 'rentengine' : 'deeprent';
    const { name, body } = bodies(random, vendor);
    const headers = credentialHeaders(random, vendor, body, options.signed);
    if (random.chance(0.8)) headers.push(['content-type', random.pick(CONTENT_TYPES)]);
    if (random.chance(0.1)) headers.push(['content-encoding', random.pick(['gzip', 'br', 'identity', 'x'])]);
    return { name: `#${i} ${vendor}: ${name}`, vendor, body, headers };
  });
}
