import { z } from 'zod';
import type { Vendor } from './domain/vendor.js';

/**
 * Every setting, read from the environment once and validated here; no other module
 * reads process.env. A bad value stops start-up with one line naming the variable and
 * the expected form.
 */
export type VendorMode = 'LIVE' | 'SIMULATED';

export interface RateLimit {
  requests: number;
  perMillis: number;
}

export interface Config {
  port: number;
  host: string;
  dbPath: string;
  /** RENTGRAPH_DATABASE_URL: every piece of state in this Postgres (replicas share it); null = the SQLite file at dbPath. */
  databaseUrl: string | null;
  production: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Client keys of RENTGRAPH_API_KEYS, each with every scope; none here nor in access.apiKeysFile = loopback clients only. */
  apiKeys: readonly string[];
  /** Who may do what (src/access/). */
  access: {
    /** RENTGRAPH_API_KEYS_FILE: named keys with scopes, re-read on SIGHUP; null = none. */
    apiKeysFile: string | null;
    /** How long audit log entries are kept. */
    auditDays: number;
    /** Requests per client key (a token bucket each); null = no limit. */
    clientRateLimit: RateLimit | null;
    /** RENTGRAPH_TRUSTED_DOCUMENTS: the persisted-operation manifest keys without ADMIN are limited to; null = none. */
    trustedDocumentsPath: string | null;
    /** /metrics open to every client even when keys are configured. */
    metricsPublic: boolean;
  };
  simulators: 'auto' | 'off';
  /** DataLoader batching and caches; off only to measure the N+1 cost in benchmarks. */
  batching: boolean;
  /** Compiled execution of repeated operations (src/execution/jit.ts); off runs every operation on graphql-js. */
  jit: boolean;
  /** How long a GraphQL request (or subscription notice) waits for vendors before it answers with what is ready. */
  requestTimeoutMillis: number;
  /**
   * Built-in simulators: world size and seed, live-activity period, latency added to
   * every simulator response (benchmarks), and where `simulate` sends their webhooks
   * (each vendor to `<webhookUrl>/<vendor>`; default this machine's gateway at PORT;
   * null = none). `serve` always points its simulators at its own gateway.
   */
  sim: { rentrollUnits: number; seed: number; activityMillis: number; latencyMillis: number; webhookUrl: string | null };
  /** JSON file of identity overrides (src/identity/overrides.ts), read at start and before every sync; null = none. */
  overridesPath: string | null;
  /**
   * Background identity sync: the first runs right after start, then one every this many
   * milliseconds; 0 = only the first; null = none (the index comes from `npm run sync`).
   */
  syncIntervalMillis: number | null;
  /**
   * On SIGTERM/SIGINT, how long requests and websockets under way get to finish; then
   * whatever is still open is cut and the process exits. 0 = cut at once.
   */
  shutdownTimeoutMillis: number;
  rentroll: { baseUrl: string | null; apiToken: string | null };
  rentengine: {
    baseUrl: string | null;
    apiToken: string | null;
    webhookToken: string | null;
    rateLimit: RateLimit | null;
    /** QStash signing keys (current, then next); when any is set, webhooks must carry a valid Upstash-Signature. */
    qstashSigningKeys: readonly string[];
  };
  deeprent: { baseUrl: string | null; apiKey: string | null; webhookSecret: string | null };
  leasey: { baseUrl: string | null; apiToken: string | null; companyId: number | null; companyPassword: string | null };
  sturents: { baseUrl: string | null; landlordId: string | null; publicKey: string | null; apiKey: string | null };
  events: {
    /** Events older than this are pruned; a cursor before the pruned part is CURSOR_EXPIRED. */
    retentionDays: number;
    /** How long a delivery id (or content hash) is remembered to drop redeliveries; at least 72. */
    dedupeHours: number;
    /** Notices a subscriber may fall behind by before it is closed (4413). */
    subscriptionBuffer: number;
  };
  /**
   * Change polling for what has no webhooks, in milliseconds between polls; null = off.
   * Defaults follow each vendor's advice: Leasey asks for reports to be cached 5–15
   * minutes; StuRents rate-limits identical requests; deep.rent polling only backs up
   * its webhooks.
   */
  polling: {
    rentrollMillis: number | null;
    leaseyMillis: number | null;
    sturentsMillis: number | null;
    /** StuRents polls read only houses added since the last poll; a full read this often catches edits and removals. */
    sturentsFullMillis: number | null;
    deeprentMillis: number | null;
  };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const optionalText = z.string().trim().min(1).optional();
const url = z
  .string()
  .trim()
  .refine((value) => /^https?:\/\/[^\s/]+/.test(value) && URL.canParse(value), 'an http(s) URL such as https://vendor.example.com')
  .transform((value) => value.replace(/\/+$/, ''))
  .optional();
const SIM_WEBHOOK_URL_FORM = 'an http(s) URL such as http://127.0.0.1:4000/webhooks, or off';
const simWebhookUrl = z
  .string()
  .trim()
  .refine((value) => value === 'off' || (/^https?:\/\/[^\s/]+/.test(value) && URL.canParse(value)), SIM_WEBHOOK_URL_FORM)
  .transform((value) => (value === 'off' ? null : value.replace(/\/+$/, '')));
const integer = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `a whole number from ${min} to ${max}`);
const onOff = z.enum(['on', 'off'], { message: 'on or off' });
const syncInterval = z
  .string()
  .trim()
  .regex(/^\d+$|^off$/, 'a whole number of seconds from 0 to 604800 (0 = sync once at start), or off')
  .transform((value) => (value === 'off' ? null : Number(value)))
  .refine((n) => n === null || n <= 604_800, 'a whole number of seconds from 0 to 604800 (0 = sync once at start), or off');
const rateLimit = z
  .string()
  .trim()
  .regex(/^(\d+)\/(\d+)(ms|s)$|^off$/, 'REQUESTS/WINDOW such as 20/5s or 50/500ms, or off')
  .transform((value): RateLimit | null => {
    if (value === 'off') return null;
    const [, requests, amount, unit] = /^(\d+)\/(\d+)(ms|s)$/.exec(value) ?? [];
    return { requests: Number(requests), perMillis: Number(amount) * (unit === 's' ? 1000 : 1) };
  });

const schema = z.object({
  PORT: integer(0, 65535).default(4000),
  RENTGRAPH_HOST: z.string().trim().min(1).default('0.0.0.0'),
  RENTGRAPH_DB: z.string().trim().min(1).default('.data/rentgraph.sqlite'),
  RENTGRAPH_DATABASE_URL: z
    .string()
    .trim()
    .refine((value) => /^postgres(ql)?:\/\//.test(value) && URL.canParse(value), 'a Postgres URL such as postgres://user:password@host:5432/rentgraph')
    .optional(),
  NODE_ENV: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'one of fatal, error, warn, info, debug, trace, silent' }).default('info'),
  RENTGRAPH_API_KEYS: z
    .string()
    .optional()
    .transform((value) => (value ?? '').split(',').map((key) => key.trim()).filter((key) => key !== ''))
    .refine((keys) => keys.every((key) => key.length >= 16), 'comma-separated keys of at least 16 characters each'),
  RENTGRAPH_API_KEYS_FILE: z.string().trim().min(1, 'a path to a JSON file of client keys').optional(),
  RENTGRAPH_AUDIT_DAYS: integer(1, 36_500).default(400),
  RENTGRAPH_CLIENT_RATE_LIMIT: z
    .string()
    .default('off')
    .pipe(rateLimit)
    .refine((limit) => limit === null || (limit.requests >= 1 && limit.perMillis >= 1), 'REQUESTS/WINDOW of at least 1 request per window, such as 50/1s, or off'),
  RENTGRAPH_TRUSTED_DOCUMENTS: z.string().trim().min(1, 'a path to a persisted-operation manifest (JSON)').optional(),
  RENTGRAPH_METRICS_PUBLIC: z.enum(['true', 'false'], { message: 'true or false' }).default('false'),
  RENTGRAPH_SIMULATORS: z.enum(['auto', 'off'], { message: 'auto or off' }).default('auto'),
  RENTGRAPH_BATCHING: onOff.default('on'),
  RENTGRAPH_JIT: onOff.default('on'),
  RENTGRAPH_REQUEST_TIMEOUT_MS: integer(100, 600_000).default(8000),
  RENTGRAPH_SIM_UNITS: integer(1, 100_000).default(200),
  RENTGRAPH_SIM_SEED: integer(0, 2 ** 31).default(42),
  RENTGRAPH_SIM_ACTIVITY_SECONDS: integer(0, 3600).default(5),
  RENTGRAPH_OVERRIDES: z.string().trim().min(1, 'a path to a JSON overrides file').optional(),
  RENTGRAPH_SYNC_INTERVAL_SECONDS: z.string().default('300').pipe(syncInterval),
  RENTGRAPH_SIM_LATENCY_MS: integer(0, 60_000).default(0),
  RENTGRAPH_SHUTDOWN_TIMEOUT_SECONDS: integer(0, 3600).default(10),
  RENTGRAPH_SIM_WEBHOOK_URL: simWebhookUrl.optional(),
  RENTROLL_BASE_URL: url,
  RENTROLL_API_TOKEN: optionalText,
  RENTENGINE_BASE_URL: url,
  RENTENGINE_API_TOKEN: optionalText,
  RENTENGINE_WEBHOOK_TOKEN: optionalText,
  RENTENGINE_RATE_LIMIT: z.string().default('20/5s').pipe(rateLimit),
  QSTASH_CURRENT_SIGNING_KEY: optionalText,
  QSTASH_NEXT_SIGNING_KEY: optionalText,
  DEEPRENT_BASE_URL: url,
  DEEPRENT_API_KEY: optionalText,
  DEEPRENT_WEBHOOK_SECRET: z.string().trim().regex(/^whsec_[A-Za-z0-9+/=]+$/, 'a Standard Webhooks secret: whsec_<base64 key>').optional(),
  LEASEY_BASE_URL: url,
  LEASEY_API_TOKEN: optionalText,
  LEASEY_COMPANY_ID: integer(1, 2 ** 31).optional(),
  LEASEY_COMPANY_PASSWORD: optionalText,
  STURENTS_BASE_URL: url,
  STURENTS_LANDLORD_ID: optionalText,
  STURENTS_PUBLIC_KEY: optionalText,
  STURENTS_API_KEY: optionalText,
  RENTGRAPH_EVENT_RETENTION_DAYS: integer(1, 3650).default(7),
  RENTGRAPH_DEDUPE_HOURS: integer(72, 87_600).default(72),
  RENTGRAPH_SUBSCRIPTION_BUFFER: integer(1, 1_000_000).default(1000),
  RENTROLL_POLL_SECONDS: integer(0, 86_400).default(60),
  LEASEY_POLL_SECONDS: integer(0, 86_400).default(300),
  STURENTS_POLL_SECONDS: integer(0, 86_400).default(60),
  STURENTS_FULL_POLL_SECONDS: integer(0, 86_400).default(1800),
  DEEPRENT_POLL_SECONDS: integer(0, 86_400).default(300),
});

const secondsOrOff = (seconds: number): number | null => (seconds === 0 ? null : seconds * 1000);

/** Variables a LIVE vendor cannot work without. */
const REQUIRED_WHEN_LIVE: Record<string, readonly string[]> = {
  RENTENGINE_BASE_URL: ['RENTENGINE_API_TOKEN'],
  DEEPRENT_BASE_URL: ['DEEPRENT_API_KEY'],
  LEASEY_BASE_URL: ['LEASEY_API_TOKEN', 'LEASEY_COMPANY_ID', 'LEASEY_COMPANY_PASSWORD'],
  STURENTS_BASE_URL: ['STURENTS_LANDLORD_ID', 'STURENTS_PUBLIC_KEY'],
};

export function loadConfig(env: Record<string, string | undefined>): Readonly<Config> {
  // Empty strings count as unset, as in most shells' `VAR= cmd`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const shown = present[name] === undefined ? 'nothing' : name.match(/TOKEN|KEY|PASSWORD|SECRET/) ? 'a value of that form' : JSON.stringify(present[name]);
    throw new ConfigError(`${name}: expected ${issue.message}, got ${shown}`);
  }
  const e = parsed.data;
  for (const [baseVar, required] of Object.entries(REQUIRED_WHEN_LIVE)) {
    if (e[baseVar as keyof typeof e] === undefined) continue;
    const missing = required.find((name) => e[name as keyof typeof e] === undefined);
    if (missing !== undefined) throw new ConfigError(`${missing}: expected a value because ${baseVar} is set, got nothing`);
  }
  const production = e.NODE_ENV === 'production';
  const config: Config = {
    port: e.PORT,
    host: e.RENTGRAPH_HOST,
    dbPath: e.RENTGRAPH_DB,
    databaseUrl: e.RENTGRAPH_DATABASE_URL ?? null,
    production,
    logLevel: e.LOG_LEVEL,
    apiKeys: e.RENTGRAPH_API_KEYS,
    access: {
      apiKeysFile: e.RENTGRAPH_API_KEYS_FILE ?? null,
      auditDays: e.RENTGRAPH_AUDIT_DAYS,
      clientRateLimit: e.RENTGRAPH_CLIENT_RATE_LIMIT,
      trustedDocumentsPath: e.RENTGRAPH_TRUSTED_DOCUMENTS ?? null,
      metricsPublic: e.RENTGRAPH_METRICS_PUBLIC === 'true',
    },
    simulators: e.RENTGRAPH_SIMULATORS,
    batching: e.RENTGRAPH_BATCHING === 'on',
    jit: e.RENTGRAPH_JIT === 'on',
    requestTimeoutMillis: e.RENTGRAPH_REQUEST_TIMEOUT_MS,
    sim: {
      rentrollUnits: e.RENTGRAPH_SIM_UNITS,
      seed: e.RENTGRAPH_SIM_SEED,
      activityMillis: e.RENTGRAPH_SIM_ACTIVITY_SECONDS * 1000,
      latencyMillis: e.RENTGRAPH_SIM_LATENCY_MS,
      webhookUrl: e.RENTGRAPH_SIM_WEBHOOK_URL === undefined ? `http://127.0.0.1:${e.PORT}/webhooks` : e.RENTGRAPH_SIM_WEBHOOK_URL,
    },
    overridesPath: e.RENTGRAPH_OVERRIDES ?? null,
    syncIntervalMillis: e.RENTGRAPH_SYNC_INTERVAL_SECONDS === null ? null : e.RENTGRAPH_SYNC_INTERVAL_SECONDS * 1000,
    shutdownTimeoutMillis: e.RENTGRAPH_SHUTDOWN_TIMEOUT_SECONDS * 1000,
    rentroll: { baseUrl: e.RENTROLL_BASE_URL ?? null, apiToken: e.RENTROLL_API_TOKEN ?? null },
    rentengine: {
      baseUrl: e.RENTENGINE_BASE_URL ?? null,
      apiToken: e.RENTENGINE_API_TOKEN ?? null,
      webhookToken: e.RENTENGINE_WEBHOOK_TOKEN ?? null,
      rateLimit: e.RENTENGINE_RATE_LIMIT,
      qstashSigningKeys: [e.QSTASH_CURRENT_SIGNING_KEY, e.QSTASH_NEXT_SIGNING_KEY].filter((key): key is string => key !== undefined),
    },
    deeprent: { baseUrl: e.DEEPRENT_BASE_URL ?? null, apiKey: e.DEEPRENT_API_KEY ?? null, webhookSecret: e.DEEPRENT_WEBHOOK_SECRET ?? null },
    leasey: {
      baseUrl: e.LEASEY_BASE_URL ?? null,
      apiToken: e.LEASEY_API_TOKEN ?? null,
      companyId: e.LEASEY_COMPANY_ID ?? null,
      companyPassword: e.LEASEY_COMPANY_PASSWORD ?? null,
    },
    sturents: {
      baseUrl: e.STURENTS_BASE_URL ?? null,
      landlordId: e.STURENTS_LANDLORD_ID ?? null,
      publicKey: e.STURENTS_PUBLIC_KEY ?? null,
      apiKey: e.STURENTS_API_KEY ?? null,
    },
    events: {
      retentionDays: e.RENTGRAPH_EVENT_RETENTION_DAYS,
      dedupeHours: e.RENTGRAPH_DEDUPE_HOURS,
      subscriptionBuffer: e.RENTGRAPH_SUBSCRIPTION_BUFFER,
    },
    polling: {
      rentrollMillis: secondsOrOff(e.RENTROLL_POLL_SECONDS),
      leaseyMillis: secondsOrOff(e.LEASEY_POLL_SECONDS),
      sturentsMillis: secondsOrOff(e.STURENTS_POLL_SECONDS),
      sturentsFullMillis: secondsOrOff(e.STURENTS_FULL_POLL_SECONDS),
      deeprentMillis: secondsOrOff(e.DEEPRENT_POLL_SECONDS),
    },
  };
  return Object.freeze(config);
}

/** A webhook target given on the command line (`simulate --webhook-url`), checked as RENTGRAPH_SIM_WEBHOOK_URL is; null = off. */
export function parseSimWebhookUrl(value: string, name: string): string | null {
  const parsed = simWebhookUrl.safeParse(value);
  if (!parsed.success) throw new ConfigError(`${name}: expected ${SIM_WEBHOOK_URL_FORM}, got ${JSON.stringify(value)}`);
  return parsed.data;
}

const BASE_URL_OF: Record<Vendor, (c: Config) => string | null> = {
  RENTROLL: (c) => c.rentroll.baseUrl,
  RENTENGINE: (c) => c.rentengine.baseUrl,
  DEEPRENT: (c) => c.deeprent.baseUrl,
  LEASEY: (c) => c.leasey.baseUrl,
  STURENTS: (c) => c.sturents.baseUrl,
};

/** The vendor's configured base URL; null when none is set. */
export function baseUrlOf(config: Config, vendor: Vendor): string | null {
  return BASE_URL_OF[vendor](config);
}

/** LIVE with a base URL; SIMULATED without one unless simulators are off; null = not configured. */
export function vendorMode(config: Config, vendor: Vendor): VendorMode | null {
  if (BASE_URL_OF[vendor](config) !== null) return 'LIVE';
  return config.simulators === 'auto' ? 'SIMULATED' : null;
}

/** Every configured secret value, for redaction. */
function databasePasswordOf(url: string | null): string | null {
  if (url === null) return null;
  const password = new URL(url).password;
  return password === '' ? null : decodeURIComponent(password);
}

export function secretsOf(config: Config): string[] {
  return [
    config.rentroll.apiToken, config.rentengine.apiToken, config.rentengine.webhookToken, config.deeprent.apiKey,
    config.deeprent.webhookSecret, config.leasey.apiToken, config.leasey.companyPassword, config.sturents.publicKey,
    config.sturents.apiKey, ...config.rentengine.qstashSigningKeys, ...config.apiKeys, databasePasswordOf(config.databaseUrl),
  ].filter((value): value is string => value !== null && value.length > 0);
}
