import type { Vendor } from '../domain/vendor.js';
import type { FaultSettings } from './kit/faults.js';
import { startDeeprentSimulator } from './deeprent/server.js';
import { startLeaseySimulator } from './leasey/server.js';
import { startRentengineSimulator } from './rentengine/server.js';
import { startRentrollSimulator } from './rentroll/server.js';
import { startSturentsSimulator } from './sturents/server.js';
import type { RunningSimulator, SimulatorOptions, SimVendor } from './types.js';
import { createWorld, type World } from './world/index.js';

export { SIM_VENDORS, type SimVendor, type RunningSimulator } from './types.js';

type Starter = (options: SimulatorOptions) => Promise<RunningSimulator>;

/** Every built-in simulator by vendor. */
const STARTERS: Partial<Record<SimVendor, Starter>> = {
  rentroll: startRentrollSimulator,
  rentengine: startRentengineSimulator,
  deeprent: startDeeprentSimulator,
  leasey: startLeaseySimulator,
  sturents: startSturentsSimulator,
};

export interface StartSimulatorsOptions {
  vendors: readonly SimVendor[];
  world: World;
  /** Base of the gateway's webhook routes, e.g. http://127.0.0.1:4000/webhooks; each vendor posts to /<vendor>. */
  webhookBase?: string;
  faults?: Partial<FaultSettings>;
  /** Fixed ports by vendor; others pick a free one. */
  ports?: Partial<Record<SimVendor, number>>;
  /** Every simulator's wall clock (SimulatorOptions.now). Default the system clock. */
  now?: () => Date;
}

/** Starts the requested simulators over one shared world; closes any already started if one fails. */
export async function startSimulators(options: StartSimulatorsOptions): Promise<RunningSimulator[]> {
  const running: RunningSimulator[] = [];
  try {
    for (const vendor of options.vendors) {
      const start = STARTERS[vendor];
      if (start === undefined) continue;
      const port = options.ports?.[vendor];
      running.push(
        await start({
          world: options.world,
          ...(port !== undefined && { port }),
          ...(options.faults !== undefined && { faults: options.faults }),
          ...(options.webhookBase !== undefined && { webhookUrl: `${options.webhookBase}/${vendor}` }),
          ...(options.now !== undefined && { now: options.now }),
        }),
      );
    }
  } catch (error) {
    await Promise.allSettled(running.map((sim) => sim.close()));
    throw error;
  }
  return running;
}

export function isSimulated(vendor: SimVendor): boolean {
  return STARTERS[vendor] !== undefined;
}

/**
 * The gateway's side of the simulators: a gateway names vendors as the schema does
 * (domain/vendor.ts); each simulator is that name in lower case.
 */
export const simVendorOf = (vendor: Vendor): SimVendor => vendor.toLowerCase() as SimVendor;

/** Whether a built-in simulator stands in for this vendor when it has no base URL. */
export function simulates(vendor: Vendor): boolean {
  return isSimulated(simVendorOf(vendor));
}

/** The running simulator of a gateway vendor, if one runs. */
export function simulatorOf(simulators: readonly RunningSimulator[], vendor: Vendor): RunningSimulator | undefined {
  return simulators.find((sim) => sim.vendor === simVendorOf(vendor));
}

/** The variables that point a gateway at these simulators (each vendor's base URL and the simulators' fixed credentials). */
export function envOf(simulators: readonly RunningSimulator[]): Record<string, string> {
  return Object.assign({}, ...simulators.map((sim) => sim.env)) as Record<string, string>;
}

/** Starts the simulators of these gateway vendors (see startSimulators). */
export function startSimulatorsOf(vendors: readonly Vendor[], options: Omit<StartSimulatorsOptions, 'vendors'>): Promise<RunningSimulator[]> {
  return startSimulators({ ...options, vendors: vendors.map(simVendorOf) });
}

/** The simulated world as the gateway's settings size it (RENTGRAPH_SIM_SEED, RENTGRAPH_SIM_UNITS: the system of record's units). */
export function simulatedWorld(settings: { seed: number; units: number }): World {
  return createWorld({ seed: settings.seed, rentrollUnits: settings.units });
}

/** How `rentgraph simulate` names the world it serves: "seed 42, 200 rent-roll units". */
export function describeWorld(settings: { seed: number; units: number }): string {
  return `seed ${settings.seed}, ${settings.units} rent-roll units`;
}
