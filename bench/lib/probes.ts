import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * What is read around a measured run: CPU time and resident memory of a process
 * (with its child processes, for a peer that forks workers) from /proc, request
 * counters of the simulators (GET /__sim/stats) and of the gateway (/metrics).
 */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

interface ProcStat {
  ppid: number;
  cpuTicks: number;
}

function readStat(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses; the fields after the last ')' are fixed.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

/** `pid` and every process below it. */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat === null) continue;
    const list = children.get(stat.ppid) ?? [];
    list.push(Number(entry));
    children.set(stat.ppid, list);
  }
  const tree: number[] = [];
  const visit = (p: number) => {
    tree.push(p);
    for (const child of children.get(p) ?? []) visit(child);
  };
  visit(pid);
  return tree;
}

/** User + system CPU of the processes, in milliseconds. */
export function cpuMillis(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) ticks += readStat(pid)?.cpuTicks ?? 0;
  return (ticks * 1000) / TICKS_PER_SECOND;
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? 0 : Number(match[1]);
  } catch {
    return 0;
  }
}

/** Samples the summed VmRSS of the processes every `everyMillis` until stopped; also reads VmHWM (the kernel's own peak) at the end. */
export function sampleRss(pids: readonly number[], everyMillis = 100): { stop(): { peakRssMb: number; highWaterMb: number } } {
  let peakKb = 0;
  const sample = () => {
    let kb = 0;
    for (const pid of pids) kb += statusKb(pid, 'VmRSS');
    peakKb = Math.max(peakKb, kb);
  };
  sample();
  const timer = setInterval(sample, everyMillis);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const hwmKb = pids.reduce((sum, pid) => sum + statusKb(pid, 'VmHWM'), 0);
      return { peakRssMb: peakKb / 1024, highWaterMb: hwmKb / 1024 };
    },
  };
}

/**
 * Requests each simulator received so far, by vendor prefix (RENTROLL, ...). The rent
 * roll simulator guards /__sim/* with its bearer token like its data, so the token is sent.
 */
export async function simulatorTotals(origins: Record<string, string>, env: Record<string, string>): Promise<Record<string, number>> {
  const totals: Record<string, number> = {};
  await Promise.all(
    Object.entries(origins).map(async ([vendor, origin]) => {
      const token = env[`${vendor}_API_TOKEN`];
      const response = await fetch(`${origin}/__sim/stats`, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
      if (!response.ok) throw new Error(`expected 200 from ${vendor} GET /__sim/stats, got ${response.status} ${await response.text()}`);
      const body = (await response.json()) as { total?: unknown };
      if (typeof body.total !== 'number') throw new Error(`expected {total: number} from ${vendor} /__sim/stats, got ${JSON.stringify(body).slice(0, 200)}`);
      totals[vendor] = body.total;
    }),
  );
  return totals;
}

/** The gateway's vendor HTTP counters from /metrics, summed over vendors: { calls, upstreamRequests, deduped, ... }. */
export async function gatewayVendorCounters(gatewayUrl: string): Promise<Record<string, number>> {
  const response = await fetch(`${gatewayUrl}/metrics`);
  if (!response.ok) throw new Error(`expected 200 from ${gatewayUrl}/metrics, got ${response.status}`);
  const counters: Record<string, number> = {};
  for (const line of (await response.text()).split('\n')) {
    const match = /^rentgraph_vendor_http\{([^}]*)\}\s+(\S+)/.exec(line);
    if (match === null) continue;
    const counter = /counter="([^"]+)"/.exec(match[1]!)?.[1];
    if (counter !== undefined) counters[counter] = (counters[counter] ?? 0) + Number(match[2]);
  }
  return counters;
}

export const sum = (record: Record<string, number>): number => Object.values(record).reduce((a, b) => a + b, 0);

const authHeaders = (vendor: string, env: Record<string, string>): Record<string, string> => {
  const token = env[`${vendor}_API_TOKEN`];
  return token === undefined ? {} : { authorization: `Bearer ${token}` };
};

/**
 * Sequential vendor rounds of one request: the simulators' recorded requests are
 * cleared, `send` runs alone, and the arrival times of the upstream requests it caused
 * are grouped; a gap of more than `gapMillis` between two arrivals starts a new round.
 */
export async function countRounds(origins: Record<string, string>, env: Record<string, string>, send: () => Promise<void>, gapMillis: number): Promise<{ rounds: number; calls: number }> {
  await Promise.all(Object.entries(origins).map(([vendor, origin]) => fetch(`${origin}/__sim/stats/reset`, { method: 'POST', headers: authHeaders(vendor, env) })));
  await send();
  const arrivals: number[] = [];
  await Promise.all(
    Object.entries(origins).map(async ([vendor, origin]) => {
      const response = await fetch(`${origin}/__sim/requests`, { headers: authHeaders(vendor, env) });
      if (!response.ok) throw new Error(`expected 200 from ${vendor} GET /__sim/requests, got ${response.status}`);
      for (const request of (await response.json()) as { at: string }[]) arrivals.push(Date.parse(request.at));
    }),
  );
  arrivals.sort((a, b) => a - b);
  let rounds = arrivals.length === 0 ? 0 : 1;
  for (let i = 1; i < arrivals.length; i++) if (arrivals[i]! - arrivals[i - 1]! > gapMillis) rounds++;
  return { rounds, calls: arrivals.length };
}
