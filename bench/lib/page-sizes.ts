import { simulatorTotals, sum } from './probes.js';
import { firstError, graphqlOnce, withGateway, type Stack } from './scenario.js';
import type { Figure } from './types.js';

/**
 * Upstream calls of one query alone at several page sizes, each on a fresh gateway so
 * that no cross-request cache answers for the vendor: batching shows as a count that
 * does not grow with the page. Change polling is off there and the identity index is
 * synced once at start, so no background read lands in the count.
 */
const QUIET = {
  RENTROLL_POLL_SECONDS: '0',
  LEASEY_POLL_SECONDS: '0',
  STURENTS_POLL_SECONDS: '0',
  STURENTS_FULL_POLL_SECONDS: '0',
  DEEPRENT_POLL_SECONDS: '0',
  RENTGRAPH_SYNC_INTERVAL_SECONDS: '0',
};

export async function upstreamByPageSize(stack: Stack, queryOf: (first: number) => string, sizes: readonly number[]): Promise<Map<number, number>> {
  const calls = new Map<number, number>();
  for (const first of sizes) {
    await withGateway(stack, { batching: true, env: QUIET }, async (gateway) => {
      const before = sum(await simulatorTotals(stack.simulators.origins, stack.simulators.env));
      const problem = firstError(await graphqlOnce(gateway.url, queryOf(first)));
      if (problem !== null) throw new Error(`expected the page of ${first} without errors, got: ${problem}`);
      calls.set(first, sum(await simulatorTotals(stack.simulators.origins, stack.simulators.env)) - before);
    });
  }
  return calls;
}

/** The figure: calls at each size, met when every size is within `minimum`. */
export function pageSizeFigure(calls: ReadonlyMap<number, number>, minimum: number, source: string): Figure {
  const sizes = [...calls.keys()];
  return {
    name: `Upstream calls per query alone by page size (first: ${sizes.join(' / ')}), cold caches`,
    value: sizes.map((size) => calls.get(size)).join(' / '),
    target: `<= ${minimum} at every size (${source})`,
    met: [...calls.values()].every((count) => count <= minimum),
  };
}
