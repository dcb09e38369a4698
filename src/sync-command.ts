import { SingleBar } from 'cli-progress';
import { createServices, vendorModesOf } from './app.js';
import { baseUrlOf, loadConfig, secretsOf, type Config, type VendorMode } from './config.js';
import type { Vendor } from './domain/vendor.js';
import type { SyncEvent, SyncResult } from './identity/sync.js';
import type { ReadModelSyncEvent, ReadModelSyncResult } from './readmodel/read-model-sync.js';
import type { RecordSyncProgress, RecordSyncResult } from './readmodel/sync.js';
import { createLogger } from './logger.js';
import { servingGateways, sourcesForSync, type SyncSources, type SyncVendors } from './presence.js';
import { openStore } from './store/open.js';
import { envOf, simulatedWorld, startSimulatorsOf, type RunningSimulator } from './simulators/index.js';

/**
 * `rentgraph sync`: one full read-model sync against the configured vendors (every
 * vendor resource into the records, with a line per resource as it reads, then the
 * identity index and the unit facts), then a summary. Vendors without a base URL are read from built-in simulators: those of the
 * gateway serving the same database when one does (so the index describes the records
 * that gateway serves), else simulators of its own over the seeded world. When a gateway
 * serves the database but reads other vendors than this sync would, the sync refuses
 * (presence.ts). Exit code 0, or 1 when it refused, the run failed or every vendor failed.
 */
export interface SyncCommandIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

export async function runSyncCommand(env: Record<string, string | undefined>, io: SyncCommandIo = process): Promise<number> {
  const say = (line: string) => io.stdout.write(`${line}\n`);
  let simulators: RunningSimulator[] = [];
  try {
    const initial = loadConfig(env);
    const modes = vendorModesOf(initial);
    const sources = await sourcesOfServingGateway(initial, modes);
    if (sources.kind === 'refused') {
      io.stderr.write(`rentgraph sync: ${sources.reason}\n`);
      return 1;
    }
    const simulated = (Object.keys(modes) as Vendor[]).filter((vendor) => modes[vendor] === 'SIMULATED');
    if (sources.kind === 'own' && simulated.length > 0) {
      simulators = await startSimulatorsOf(simulated, { world: simulatedWorld(initial.sim) });
    }
    const simEnv = sources.kind === 'gateway' ? sources.simulatorEnv : envOf(simulators);
    const config = loadConfig({ ...env, ...simEnv });
    // The summary says what went wrong; logs only when asked for with LOG_LEVEL.
    const level = env['LOG_LEVEL'] === undefined || env['LOG_LEVEL'] === '' ? 'error' : config.logLevel;
    const logger = createLogger({ level, secrets: secretsOf(config), destination: { write: (line: string) => io.stderr.write(line) } });
    const services = await createServices(config, logger, modes);
    try {
      const vendors = Object.keys(modes) as Vendor[];
      say(`read-model sync of ${vendors.map((v) => `${v} (${modes[v]})`).join(', ') || 'no vendors'} into ${services.store.location}`);
      if (sources.kind === 'gateway') say(`  reading what the gateway serving it reads (pid ${sources.gateway.pid}, ${sources.gateway.url})${simulated.length > 0 ? ', its simulators included' : ''}`);
      const identityDisplay = io.stdout.isTTY === true ? barDisplay(io.stdout, vendors.length) : lineDisplay(say);
      const resources = resourceLines(say);
      let result: ReadModelSyncResult;
      try {
        result = await services.readModel.run({
          full: true,
          onProgress: (event: ReadModelSyncEvent) => {
            switch (event.type) {
              case 'records':
                resources.update(event.progress);
                break;
              case 'identity':
                identityDisplay.update(event.event);
                break;
              case 'facts':
                say(`facts of ${event.units} units`);
                break;
              default: {
                const unreachable: never = event;
                throw new Error(`unknown read-model sync event ${JSON.stringify(unreachable)}`);
              }
            }
          },
        });
      } finally {
        identityDisplay.stop();
      }
      for (const line of [...recordsSummary(result.records), ...summary(result.identity)]) say(line);
      return result.vendors.length > 0 && result.vendors.every((v) => !v.ok) ? 1 : 0;
    } finally {
      await services.close();
    }
  } catch (error) {
    // A ConfigError already names the variable; other errors (store, overrides) say what failed.
    io.stderr.write(`rentgraph sync: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await Promise.allSettled(simulators.map((sim) => sim.close()));
  }
}

/** What the sync reads, given the gateways serving the database (if any). */
async function sourcesOfServingGateway(config: Readonly<Config>, modes: Partial<Record<Vendor, VendorMode>>): Promise<SyncSources> {
  const mine: SyncVendors = {};
  for (const [vendor, mode] of Object.entries(modes) as [Vendor, VendorMode][]) {
    const baseUrl = baseUrlOf(config, vendor);
    mine[vendor] = mode === 'LIVE' && baseUrl !== null ? { mode: 'LIVE', baseUrl } : { mode: 'SIMULATED' };
  }
  const store = await openStore({ databaseUrl: config.databaseUrl, sqlitePath: config.dbPath });
  try {
    return sourcesForSync(mine, await servingGateways(store), store.location);
  } finally {
    await store.close();
  }
}

interface Display {
  update(event: SyncEvent): void;
  stop(): void;
}

/** One bar over the steps (each vendor's read, clustering, writing), with records read beside it. */
function barDisplay(stream: NodeJS.WritableStream, sources: number): Display {
  const bar = new SingleBar({ format: 'sync [{bar}] {percentage}% | {phase} | {detail}', stream, hideCursor: true, clearOnComplete: false });
  const read = new Map<Vendor, number>();
  const detail = () => [...read].map(([vendor, n]) => `${vendor} ${n}`).join(', ') || 'waiting for vendors';
  let done = 0;
  bar.start(sources + 2, 0, { phase: 'reading', detail: detail() });
  return {
    update(event) {
      switch (event.type) {
        case 'read':
          read.set(event.vendor, event.recordsRead);
          if (event.done) done++;
          bar.update(done, { detail: `${detail()} records read` });
          break;
        case 'phase':
          if (event.phase === 'clustering') done = sources;
          if (event.phase === 'writing') done = sources + 1;
          bar.update(done, { phase: event.phase, detail: event.phase === 'reading' ? detail() : `${event.records} records` });
          break;
        case 'vendor':
          break;
        case 'done':
          bar.update(sources + 2, { phase: 'done', detail: `${event.result.units} units` });
          break;
        default: {
          const unreachable: never = event;
          throw new Error(`unknown sync event ${JSON.stringify(unreachable)}`);
        }
      }
    },
    stop: () => bar.stop(),
  };
}

/** Plain lines for logs and pipes: each vendor's total, and every second a count for a read still going. */
function lineDisplay(say: (line: string) => void, everyMillis = 1000): Display {
  const lastSaid = new Map<Vendor, number>();
  const started = Date.now();
  return {
    update(event) {
      switch (event.type) {
        case 'read': {
          const now = Date.now();
          if (!event.done && now - (lastSaid.get(event.vendor) ?? started) < everyMillis) return;
          lastSaid.set(event.vendor, now);
          say(`  ${event.vendor}: ${event.recordsRead} records read${event.done ? ', done' : ''}`);
          break;
        }
        case 'phase':
          say(`${event.phase}${event.phase === 'reading' ? '' : ` ${event.records} records`}`);
          break;
        case 'vendor':
        case 'done':
          break;
        default: {
          const unreachable: never = event;
          throw new Error(`unknown sync event ${JSON.stringify(unreachable)}`);
        }
      }
    },
    stop: () => {},
  };
}

/** A line per resource: every second while it reads, and once when its read ends. */
function resourceLines(say: (line: string) => void, everyMillis = 1000): { update(progress: RecordSyncProgress): void } {
  const lastSaid = new Map<string, number>();
  const ended = new Set<string>();
  return {
    update(progress) {
      const now = Date.now();
      for (const [resource, entry] of Object.entries(progress.resources)) {
        if (ended.has(resource)) continue;
        if (!entry.done && now - (lastSaid.get(resource) ?? 0) < everyMillis) continue;
        lastSaid.set(resource, now);
        if (entry.done) ended.add(resource);
        say(`  ${resource}: ${entry.read} records read${entry.done ? (entry.ok === true ? ', done' : ', failed') : ''}`);
      }
    },
  };
}

function recordsSummary(result: RecordSyncResult): string[] {
  const lines = [`records in ${(result.durationMillis / 1000).toFixed(1)} s (run ${result.run})`];
  for (const r of result.resources) {
    lines.push(r.ok
      ? `  ${r.resource.padEnd(34)} ${String(r.read).padStart(7)} read: ${r.written} new or changed, ${r.deleted} gone (${(r.durationMillis / 1000).toFixed(1)} s)`
      : `  ${r.resource.padEnd(34)} failed: ${r.error ?? 'unknown error'} (its records are kept)`);
  }
  return lines;
}

function summary(result: SyncResult): string[] {
  const lines = [`done in ${(result.durationMillis / 1000).toFixed(1)} s (reading ${result.timings.readingMillis} ms, clustering ${result.timings.clusteringMillis} ms, writing ${result.timings.writingMillis} ms)`];
  for (const v of result.vendors) {
    lines.push(v.ok
      ? `  ${v.vendor.padEnd(10)} ${String(v.records).padStart(7)} records (read ${v.recordsRead}: ${v.added} new, ${v.changed} changed, ${v.removed} gone)`
      : `  ${v.vendor.padEnd(10)} failed: ${v.error} (kept ${v.records} records)`);
  }
  lines.push(`  units: ${result.units} (${result.unitsAdded} new, ${result.unitsRemoved} gone); multi-vendor units: ${result.multiVendorUnits}`);
  return lines;
}
