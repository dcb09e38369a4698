import { comparePages, pageFromHive, pageFromTailcall, type Page } from '../lib/answers.js';
import { graphqlRequest, noGraphqlErrors } from '../lib/load.js';
import { preparePeers, startHive, startTailcall, type Peer, type PeerAvailability } from '../lib/peer.js';
import { freePort, type Simulators } from '../lib/processes.js';
import { firstError, graphqlOnce, measureSeries, type BenchContext } from '../lib/scenario.js';
import type { Figure, Series } from '../lib/types.js';

/**
 * The peers on S1: the same simulators, the same client count, each asked for the
 * rent-roll page in its own schema. Before a peer is measured its answer is compared
 * with rentgraph's; a peer whose answer differs is not measured.
 */
const HIVE_UNIT = '... on Unit { ID streetAddress unitNumber city leases { status leaseStart leaseEnd tenants { name email } } }';
/** Mesh + Hive Gateway: the rent roll's two unit lists (active and not) as two root fields, each unit's leases by the peer's resolver (bench/peer/gateway.config.ts). */
export const HIVE_QUERY = `query RentRoll { active: getUnits(isActive: TRUE) { ${HIVE_UNIT} } inactive: getUnits(isActive: FALSE) { ${HIVE_UNIT} } }`;

const TAILCALL_LEASE = '{ start end tenants { name email } }';
const TAILCALL_UNIT = `{ id address { line1 unitNumber city } current: currentLeases ${TAILCALL_LEASE} future: futureLeases ${TAILCALL_LEASE} past: pastLeases ${TAILCALL_LEASE} }`;
/** Tailcall (bench/peer/tailcall/rentroll.graphql): the two unit lists, each unit's leases in one field per status. */
export const TAILCALL_QUERY = `query RentRoll { active: units(isActive: true) ${TAILCALL_UNIT} inactive: units(isActive: false) ${TAILCALL_UNIT} }`;

export const PEER_SERIES = {
  hive: 'peer (Mesh + Hive Gateway) · 0 ms',
  tailcall: 'Tailcall · 0 ms',
  tailcallCached: 'Tailcall · @cache 60 s · 0 ms',
} as const;

interface PeerSpec {
  series: string;
  label: string;
  query: string;
  read: (body: unknown) => Page;
  start: (simulators: Simulators, port: number) => Promise<Peer>;
  unavailable: (available: PeerAvailability) => string | null;
}

const PEERS: readonly PeerSpec[] = [
  { series: PEER_SERIES.hive, label: 'Mesh + Hive Gateway', query: HIVE_QUERY, read: pageFromHive, start: startHive, unavailable: (a) => a.hive },
  tailcall(PEER_SERIES.tailcall, 'Tailcall', false),
  tailcall(PEER_SERIES.tailcallCached, 'Tailcall with @cache 60 s', true),
];

function tailcall(series: string, label: string, cache: boolean): PeerSpec {
  return { series, label, query: TAILCALL_QUERY, read: pageFromTailcall, start: (simulators, port) => startTailcall(simulators, port, { cache }), unavailable: (a) => a.tailcall };
}

export interface PeersRun {
  series: Series[];
  figures: Figure[];
  notes: string[];
}

/** The figure saying whether an answer holds the same units, leases and tenants as rentgraph's page; the differences go to the notes. */
export function answerFigure(label: string, expected: Page, read: () => Page, notes: string[]): Figure {
  const name = `Answer to the rent-roll page, ${label}: units / leases / tenants`;
  const target = 'the same as rentgraph\'s S1 answer';
  let actual: Page;
  try {
    actual = read();
  } catch (error) {
    notes.push(`${label}: its answer could not be read as the rent-roll page: ${String(error).slice(0, 400)}`);
    return { name, value: 'unreadable', target, met: false };
  }
  const comparison = comparePages(expected, actual);
  if (comparison.differences.length === 0) return { name, value: `${comparison.units} / ${comparison.leases} / ${comparison.tenants}`, target, met: true };
  notes.push(`${label}: its answer differs from rentgraph's in ${comparison.differences.length} place(s), so it was not measured: ${comparison.differences.slice(0, 5).join('; ')}`);
  return { name, value: `${comparison.differences.length} differences`, target, met: false };
}

export async function runPeers(ctx: BenchContext, simulators: Simulators, expected: Page): Promise<PeersRun> {
  const out: PeersRun = { series: [], figures: [], notes: [] };
  const available = await preparePeers(ctx.log);
  for (const spec of PEERS) {
    const reason = spec.unavailable(available);
    if (reason !== null) {
      out.notes.push(`${spec.label} skipped: ${reason}`);
      ctx.log(`S1 ${spec.label} skipped: ${reason}`);
      continue;
    }
    let peer: Peer;
    try {
      peer = await spec.start(simulators, await freePort());
    } catch (error) {
      out.notes.push(`${spec.label} skipped: ${String(error).slice(0, 400)}`);
      ctx.log(`S1 ${spec.label} skipped: ${String(error)}`);
      continue;
    }
    try {
      const answer = await graphqlOnce(peer.url, spec.query);
      const problem = firstError(answer);
      if (problem !== null) {
        out.notes.push(`${spec.label} skipped: its answer to the rent-roll page had errors: ${problem}`);
        continue;
      }
      const figure = answerFigure(spec.label, expected, () => spec.read(answer.body), out.notes);
      out.figures.push(figure);
      if (figure.met !== true) {
        ctx.log(`S1 ${spec.label}: its answer differs from rentgraph's, not measured (${figure.value}; see the notes)`);
        continue;
      }
      ctx.log(`S1 ${spec.label}, 0 ms vendor latency`);
      const load = { connections: ctx.options.connections, request: () => graphqlRequest(spec.query), accept: noGraphqlErrors };
      out.series.push(await measureSeries(ctx, spec.series, { kind: 'peer', pid: peer.pid, url: peer.url }, simulators, { latencyMillis: 0, connections: ctx.options.connections }, load));
    } finally {
      await peer.stop();
    }
  }
  return out;
}
