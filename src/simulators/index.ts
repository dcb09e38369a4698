import type { FaultSettings } from './kit/faults.js';
import { startDeeprentSimulator } from './deeprent/server.js';
import { startLeaseySimulator } from './leasey/server.js';
import { startRentengineSimulator } from './rentengine/server.js';
import { startRentrollSimulator } from './rentroll/server.js';
import { startSturentsSimulator } from './sturents/server.js';
import type { RunningSimulator, SimulatorOptions, SimVendor } from './types.js';
import type { World } from './world/index.js';

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
