import type { FaultSettings } from './kit/faults.js';
import type { SimServer } from './kit/server.js';
import type { World } from './world/index.js';

export type SimVendor = 'rentroll' | 'rentengine' | 'deeprent' | 'leasey' | 'sturents';
export const SIM_VENDORS: readonly SimVendor[] = ['rentroll', 'rentengine', 'deeprent', 'leasey', 'sturents'];

export interface SimulatorOptions {
  world: World;
  /** 0 (default) picks a free port. */
  port?: number;
  faults?: Partial<FaultSettings>;
  /** Where this vendor's webhooks go (the gateway's /webhooks/<vendor>), if anywhere. */
  webhookUrl?: string;
  /** Scale the vendor's documented webhook retry schedule by this factor. Default 0.001 (12 s → 12 ms). */
  retryScale?: number;
  /**
   * The vendor's wall clock: "today" in date checks, the timestamps it writes, expiry of
   * what it hands out, windows it offers. A test that fixes it gives the client the same
   * clock (and the world a matching anchor), so the two never disagree on the date.
   * Default the system clock. Rate limits measure elapsed time and keep the system clock.
   */
  now?: () => Date;
}

export const systemClock = (): Date => new Date();

export interface RunningSimulator {
  vendor: SimVendor;
  server: SimServer;
  /** What a gateway needs to reach it: the DESIGN.md config variables, e.g. RENTROLL_BASE_URL. */
  env: Record<string, string>;
  /**
   * One step of live activity (prospects move through the funnel, lockboxes get
   * installed, protocols are generated); changes go out as this vendor's webhooks.
   * Absent where the vendor has nothing to move.
   */
  activityTick?: () => Promise<void>;
  close(): Promise<void>;
}
