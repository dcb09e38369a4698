import { hostname } from 'node:os';
import { z } from 'zod';
import type { Vendor } from './domain/vendor.js';
import { integer, rateLimit, type RateLimit, type VendorSettings } from './ports/config.js';
import type { VendorMode, VendorModule } from './ports/vendor-module.js';
import { VENDOR_MODULES } from './vendors/registry.js';

export type { VendorMode };

/**
 * Every setting, read from the environment once and validated here; no other module
 * reads process.env. A bad value stops start-up with one line naming the variable and
 * the expected form. The gateway's own variables are declared below; each vendor module
 * declares its own (ports/config.ts), and is handed its settings from here.
 */

export interface Config {
  port: number;
  host: string;
  dbPath: string;
  /** RENTGRAPH_DATABASE_URL: every piece of state in this Postgres (replicas share it); null = the SQLite file at dbPath. */
  databaseUrl: string | null;
  /** RENTGRAPH_REPLICA_ID: this process among the replicas of a store, for /metrics and logs; default `<hostname>-<pid>`. */
  replicaId: string;
  /** How often a replica that does not lead tries to take the lead (and its shared duties) over. */
  leaderRetryMillis: number;
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
  sim: { units: number; seed: number; activityMillis: number; latencyMillis: number; webhookUrl: string | null };
  /** JSON file of identity overrides (src/identity/overrides.ts), read at start and before every sync; null = none. */
  overridesPath: string | null;
  /**
   * Background identity sync: the first runs right after start, then one every this many
   * milliseconds; 0 = only the first; null = none (the index comes from `npm run sync`).
   */
  syncIntervalMillis: number | null;
  /** Leasing history is kept this many days (whatever the event log keeps); the read-model sync prunes older events. */
  historyDays: number;
  /** Room for whole responses kept until something they read changes (src/cache/), in bytes; 0 = off. */
  responseCacheBytes: number;
  /**
   * On SIGTERM/SIGINT, how long requests and websockets under way get to finish; then
   * whatever is still open is cut and the process exits. 0 = cut at once.
   */
  shutdownTimeoutMillis: number;
  /** Each vendor module's settings, from its own variables (ports/config.ts), by vendor. */
  vendors: ReadonlyMap<Vendor, VendorSettings>;
  events: {
    /** Events older than this are pruned; a cursor before the pruned part is CURSOR_EXPIRED. */
    retentionDays: number;
    /** How long a delivery id (or content hash) is remembered to drop redeliveries; at least 72. */
    dedupeHours: number;
    /** Notices a subscriber may fall behind by before it is closed (4413). */
    subscriptionBuffer: number;
  };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const SIM_WEBHOOK_URL_FORM = 'an http(s) URL such as http://127.0.0.1:4000/webhooks, or off';
const simWebhookUrl = z
  .string()
  .trim()
  .refine((value) => value === 'off' || (/^https?:\/\/[^\s/]+/.test(value) && URL.canParse(value)), SIM_WEBHOOK_URL_FORM)
  .transform((value) => (value === 'off' ? null : value.replace(/\/+$/, '')));
const onOff = z.enum(['on', 'off'], { message: 'on or off' });
const syncInterval = z
  .string()
  .trim()
  .regex(/^\d+$|^off$/, 'a whole number of seconds from 0 to 604800 (0 = sync once at start), or off')
  .transform((value) => (value === 'off' ? null : Number(value)))
  .refine((n) => n === null || n <= 604_800, 'a whole number of seconds from 0 to 604800 (0 = sync once at start), or off');

const schema = z.object({
  PORT: integer(0, 65535).default(4000),
  RENTGRAPH_HOST: z.string().trim().min(1).default('0.0.0.0'),
  RENTGRAPH_DB: z.string().trim().min(1).default('.data/rentgraph.sqlite'),
  RENTGRAPH_DATABASE_URL: z
    .string()
    .trim()
    .refine((value) => /^postgres(ql)?:\/\//.test(value) && URL.canParse(value), 'a Postgres URL such as postgres://user:password@host:5432/rentgraph')
    .optional(),
  RENTGRAPH_REPLICA_ID: z.string().trim().regex(/^[A-Za-z0-9._:@-]{1,64}$/, '1 to 64 characters of A-Z a-z 0-9 . _ : @ -').optional(),
  RENTGRAPH_LEADER_RETRY_SECONDS: integer(1, 25).default(5),
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
  RENTGRAPH_EVENT_RETENTION_DAYS: integer(1, 3650).default(7),
  RENTGRAPH_HISTORY_DAYS: integer(1, 36500).default(730),
  RENTGRAPH_RESPONSE_CACHE_MB: integer(0, 65_536).default(64),
  RENTGRAPH_DEDUPE_HOURS: integer(72, 87_600).default(72),
  RENTGRAPH_SUBSCRIPTION_BUFFER: integer(1, 1_000_000).default(1000),
});

/** The first problem a schema finds, as one line naming the variable; secrets are never echoed. */
function problemOf(error: z.ZodError, present: Readonly<Record<string, string>>): ConfigError {
  const issue = error.issues[0]!;
  const name = String(issue.path[0] ?? 'environment');
  const shown = present[name] === undefined ? 'nothing' : /TOKEN|KEY|PASSWORD|SECRET/.test(name) ? 'a value of that form' : JSON.stringify(present[name]);
  return new ConfigError(`${name}: expected ${issue.message}, got ${shown}`);
}

/** Each module's settings from its variables, checked in module order. */
function vendorSettingsOf(present: Readonly<Record<string, string>>, modules: readonly VendorModule[]): Map<Vendor, VendorSettings> {
  const settings = new Map<Vendor, VendorSettings>();
  const claimed = new Set<string>(Object.keys(schema.shape));
  for (const module of modules) {
    const { config } = module;
    for (const name of Object.keys(config.variables)) {
      // Two owners of one variable is a mistake in the code, not in the environment.
      if (claimed.has(name)) throw new Error(`${name} is declared twice (by the ${module.vendor} module and another)`);
      claimed.add(name);
    }
    const parsed = z.object(config.variables).safeParse(present);
    if (!parsed.success) throw problemOf(parsed.error, present);
    settings.set(module.vendor, config.settings(parsed.data));
  }
  for (const module of modules) {
    const { baseUrlVariable, requiredWhenLive } = module.config;
    if (present[baseUrlVariable] === undefined) continue;
    const missing = requiredWhenLive.find((name) => present[name] === undefined);
    if (missing !== undefined) throw new ConfigError(`${missing}: expected a value because ${baseUrlVariable} is set, got nothing`);
  }
  return settings;
}

/** `modules` declare the vendors' variables; by default the registry's (vendors/registry.ts). */
export function loadConfig(env: Record<string, string | undefined>, modules: readonly VendorModule[] = VENDOR_MODULES): Readonly<Config> {
  // Empty strings count as unset, as in most shells' `VAR= cmd`.
  const present = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) throw problemOf(parsed.error, present);
  const vendors = vendorSettingsOf(present, modules);
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const config: Config = {
    port: e.PORT,
    host: e.RENTGRAPH_HOST,
    dbPath: e.RENTGRAPH_DB,
    databaseUrl: e.RENTGRAPH_DATABASE_URL ?? null,
    replicaId: e.RENTGRAPH_REPLICA_ID ?? `${hostname()}-${process.pid}`,
    leaderRetryMillis: e.RENTGRAPH_LEADER_RETRY_SECONDS * 1000,
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
      units: e.RENTGRAPH_SIM_UNITS,
      seed: e.RENTGRAPH_SIM_SEED,
      activityMillis: e.RENTGRAPH_SIM_ACTIVITY_SECONDS * 1000,
      latencyMillis: e.RENTGRAPH_SIM_LATENCY_MS,
      webhookUrl: e.RENTGRAPH_SIM_WEBHOOK_URL === undefined ? `http://127.0.0.1:${e.PORT}/webhooks` : e.RENTGRAPH_SIM_WEBHOOK_URL,
    },
    overridesPath: e.RENTGRAPH_OVERRIDES ?? null,
    syncIntervalMillis: e.RENTGRAPH_SYNC_INTERVAL_SECONDS === null ? null : e.RENTGRAPH_SYNC_INTERVAL_SECONDS * 1000,
    historyDays: e.RENTGRAPH_HISTORY_DAYS,
    responseCacheBytes: e.RENTGRAPH_RESPONSE_CACHE_MB * 1_048_576,
    shutdownTimeoutMillis: e.RENTGRAPH_SHUTDOWN_TIMEOUT_SECONDS * 1000,
    vendors,
    events: {
      retentionDays: e.RENTGRAPH_EVENT_RETENTION_DAYS,
      dedupeHours: e.RENTGRAPH_DEDUPE_HOURS,
      subscriptionBuffer: e.RENTGRAPH_SUBSCRIPTION_BUFFER,
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

/** A module's settings as loadConfig made them (from that module's own variables). */
export function settingsOf<S extends VendorSettings>(config: Config, module: VendorModule<S, unknown>): S {
  const settings = config.vendors.get(module.vendor);
  if (settings === undefined) throw new Error(`the configuration holds no settings of the ${module.vendor} module`);
  // loadConfig keeps under each vendor exactly what that vendor's module made.
  return settings as S;
}

/** The vendor's configured base URL; null when none is set. */
export function baseUrlOf(config: Config, vendor: Vendor): string | null {
  return config.vendors.get(vendor)?.baseUrl ?? null;
}

/** LIVE with a base URL; SIMULATED without one unless simulators are off; null = not configured. */
export function vendorMode(config: Config, vendor: Vendor): VendorMode | null {
  if (baseUrlOf(config, vendor) !== null) return 'LIVE';
  return config.simulators === 'auto' ? 'SIMULATED' : null;
}

/** Every configured secret value, for redaction. */
function databasePasswordOf(url: string | null): string | null {
  if (url === null) return null;
  const password = new URL(url).password;
  return password === '' ? null : decodeURIComponent(password);
}

export function secretsOf(config: Config, modules: readonly VendorModule[] = VENDOR_MODULES): string[] {
  const vendorSecrets = modules.flatMap((module) => {
    const settings = config.vendors.get(module.vendor);
    return settings === undefined ? [] : module.config.secrets(settings);
  });
  return [...vendorSecrets, ...config.apiKeys, databasePasswordOf(config.databaseUrl)].filter((value): value is string => value !== null && value.length > 0);
}
