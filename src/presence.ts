import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { VENDORS, type Vendor } from './domain/vendor.js';
import type { Store } from './store/store.js';

/**
 * Which gateways serve a database, and where each reads its vendors: a row per running
 * gateway in the store's `meta` table, renewed every `HEARTBEAT_MILLIS` and removed on
 * stop. `rentgraph sync` reads it so that a sync into a served database reads the vendors
 * the gateway reads (its simulators, or the same LIVE URLs) instead of a world of its own.
 *
 * A SIMULATED vendor's entry holds what a client needs to reach that simulator: its
 * variables as the simulator gives them (base URL and the simulators' own fixed
 * credentials, src/simulators/credentials.ts). A LIVE vendor's entry holds only its base
 * URL, never a credential.
 */
export const HEARTBEAT_MILLIS = 5_000;
/** A row not renewed for this long belongs to a gateway that is gone (crashed, killed). */
export const STALE_AFTER_MILLIS = 3 * HEARTBEAT_MILLIS;

const KEY_PREFIX = 'gateway:';

export type VendorSource =
  | { mode: 'LIVE'; baseUrl: string }
  | { mode: 'SIMULATED'; /** The simulator's variables: its vendor's base URL and credentials. */ env: Record<string, string> };

export interface ServingGateway {
  instance: string;
  pid: number;
  host: string;
  /** ISO 8601. */
  startedAt: string;
  heartbeatAt: number;
  /** Gateway URL, for messages. */
  url: string;
  vendors: Partial<Record<Vendor, VendorSource>>;
}

export interface Presence {
  /** Settles once the first row was written (or failed to be, which is logged). */
  readonly announced: Promise<void>;
  /** Removes this gateway's row. */
  stop(): Promise<void>;
}

/** Announces a gateway serving `store` until `stop`. */
export function announceServing(store: Store, gateway: { url: string; vendors: Partial<Record<Vendor, VendorSource>> }, logger: Logger): Presence {
  const instance = randomUUID();
  const row: ServingGateway = { instance, pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), heartbeatAt: Date.now(), url: gateway.url, vendors: gateway.vendors };
  const key = `${KEY_PREFIX}${instance}`;
  const write = async () => {
    const value = JSON.stringify({ ...row, heartbeatAt: Date.now() });
    try {
      await store.write.insertInto('meta').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
    } catch (error) {
      // A sync holding the write lock longer than the busy timeout; the next beat renews the row.
      logger.debug({ err: error }, 'could not renew this gateway\'s presence row');
    }
  };
  let writing = write();
  const timer = setInterval(() => void (writing = write()), HEARTBEAT_MILLIS);
  timer.unref();
  return {
    announced: writing,
    async stop() {
      clearInterval(timer);
      await writing;
      if (!store.isOpen()) return;
      await store.write.deleteFrom('meta').where('key', '=', key).execute();
    },
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as { code?: string }).code === 'EPERM';
  }
}

/** The gateways serving `store` now: rows renewed within STALE_AFTER_MILLIS whose process (on this host) still runs. */
export async function servingGateways(store: Store, now = Date.now()): Promise<ServingGateway[]> {
  const rows = await store.read.selectFrom('meta').select('value').where('key', 'like', `${KEY_PREFIX}%`).execute();
  const here = hostname();
  return rows
    .map((row) => JSON.parse(row.value) as ServingGateway)
    .filter((gateway) => now - gateway.heartbeatAt < STALE_AFTER_MILLIS && (gateway.host !== here || alive(gateway.pid)));
}

/** Where a vendor is read from, for messages. */
export function describeSource(source: VendorSource | undefined): string {
  if (source === undefined) return 'nothing (not configured)';
  switch (source.mode) {
    case 'LIVE':
      return source.baseUrl;
    case 'SIMULATED': {
      const baseUrl = Object.entries(source.env).find(([name]) => name.endsWith('_BASE_URL'))?.[1];
      return baseUrl === undefined ? 'a built-in simulator' : `a built-in simulator at ${baseUrl}`;
    }
    default: {
      const unreachable: never = source;
      throw new Error(`unknown vendor source ${JSON.stringify(unreachable)}`);
    }
  }
}

/** What a sync reads: its own simulators (nobody serves the database), or what the gateway serving it reads; or why it must not run. */
export type SyncSources =
  | { kind: 'own' }
  | { kind: 'gateway'; gateway: ServingGateway; /** The variables of the gateway's simulators, for the vendors it simulates. */ simulatorEnv: Record<string, string> }
  | { kind: 'refused'; reason: string };

/** Where this sync would read each vendor: LIVE from its base URL, SIMULATED from a simulator not known yet. */
export type SyncVendors = Partial<Record<Vendor, { mode: 'LIVE'; baseUrl: string } | { mode: 'SIMULATED' }>>;

const whoServes = (gateway: ServingGateway) => `the gateway serving it (pid ${gateway.pid} on ${gateway.host}, ${gateway.url}, since ${gateway.startedAt})`;

/**
 * A sync into a served database must read what the gateway reads, or the index it writes
 * describes other records than the gateway serves. Simulated vendors are read from the
 * gateway's own simulators (on this host); LIVE vendors must have the same base URL;
 * a vendor only one side has configured is a difference. `database` names it in messages.
 */
export function sourcesForSync(mine: SyncVendors, gateways: readonly ServingGateway[], database: string, host = hostname()): SyncSources {
  if (gateways.length === 0) return { kind: 'own' };
  const simulating = gateways.filter((gateway) => Object.values(gateway.vendors).some((source) => source.mode === 'SIMULATED'));
  if (simulating.length > 1) {
    return { kind: 'refused', reason: `${simulating.length} gateways serve ${database} with simulated vendors, each with a simulated world of its own, so no sync can read what all of them read; stop all but one, or sync with every vendor LIVE` };
  }
  for (const gateway of gateways) {
    const differences = VENDORS.flatMap((vendor) => {
      const ours = mine[vendor];
      const theirs = gateway.vendors[vendor];
      if (ours === undefined && theirs === undefined) return [];
      if (ours?.mode === 'LIVE' && theirs?.mode === 'LIVE' && ours.baseUrl === theirs.baseUrl) return [];
      if (ours?.mode === 'SIMULATED' && theirs?.mode === 'SIMULATED') return [];
      const wouldRead = ours === undefined ? 'nothing (not configured)' : ours.mode === 'LIVE' ? ours.baseUrl : 'a simulator of its own';
      return [`${vendor} from ${describeSource(theirs)} and this sync would read ${wouldRead}`];
    });
    if (differences.length > 0) {
      return {
        kind: 'refused',
        reason: `refusing to sync ${database}: ${whoServes(gateway)} reads ${differences.join('; ')}. Give this sync the gateway's vendor settings (the same *_BASE_URL variables and RENTGRAPH_SIMULATORS), or stop the gateway first`,
      };
    }
    if (gateway.host !== host && simulating.includes(gateway)) {
      return { kind: 'refused', reason: `refusing to sync ${database}: ${whoServes(gateway)} simulates vendors on the loopback of ${gateway.host}; run the sync there, or stop the gateway first` };
    }
  }
  const gateway = simulating[0] ?? gateways[0]!;
  const simulatorEnv: Record<string, string> = {};
  for (const source of Object.values(gateway.vendors)) if (source.mode === 'SIMULATED') Object.assign(simulatorEnv, source.env);
  return { kind: 'gateway', gateway, simulatorEnv };
}
