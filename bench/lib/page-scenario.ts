import { graphqlRequest, noGraphqlErrors } from './load.js';
import { measure, type Target } from './measure.js';
import { firstError, graphqlOnce, measureSeries, skipped, withGateway, withSimulators, type Scenario } from './scenario.js';
import type { Figure, Measurement, Series } from './types.js';
import { ratio } from './stats.js';
import { pageSizeFigure, upstreamByPageSize } from './page-sizes.js';

/**
 * A read-page scenario (S2, S3): one GraphQL query under load, batching on and off,
 * 0 ms vendor latency. Skips with the gateway's own error when it cannot answer the
 * query yet (a field missing from the schema or not resolved).
 */
export interface PageScenarioSpec {
  id: string;
  title: string;
  query: string;
  /** Fewest upstream calls the page can take, when known; the figures compare against it. */
  minimumUpstream?: number;
  /** The query at another page size, and the sizes to count upstream calls at (cold caches). */
  pageSizes?: { queryOf: (first: number) => string; sizes: readonly number[]; source: string };
  notes: string[];
}

export function pageScenario(spec: PageScenarioSpec): Scenario {
  return {
    id: spec.id,
    title: spec.title,
    async run(ctx) {
      const { options } = ctx;
      const series: Series[] = [];
      const single: Record<string, Measurement> = {};
      const bySize: Figure[] = [];
      const load = { connections: options.connections, request: () => graphqlRequest(spec.query), accept: noGraphqlErrors };
      const reason = await withSimulators(0, async (stack) => {
        // --quick leaves the batching-off baseline out.
        for (const batching of options.quick ? [true] : [true, false]) {
          // Batching off measures vendor reads and execution, not kept answers: the response cache is off there.
          const unsupported = await withGateway(stack, { batching, responseCache: batching }, async (gateway) => {
            const problem = firstError(await graphqlOnce(gateway.url, spec.query));
            // Batching off may fail where batching on does not (N+1 calls into a vendor's rate limit); its errors are counted, not a reason to skip.
            if (problem !== null && batching) return `the gateway cannot answer this query yet: ${problem}`;
            const target: Target = { kind: 'rentgraph', pid: gateway.pid, url: gateway.url };
            ctx.log(`${spec.id} rentgraph, batching ${batching ? 'on' : 'off'}, 0 ms vendor latency`);
            single[batching ? 'on' : 'off'] = await measure(target, stack.simulators, { ...load, connections: 1, durationSeconds: options.quick ? 1 : 2 });
            series.push(await measureSeries(ctx, `rentgraph · batching ${batching ? 'on' : 'off'} · 0 ms`, target, stack.simulators, { batching, latencyMillis: 0, connections: options.connections }, load, batching ? options.runs : 1));
            return null;
          });
          if (unsupported !== null) return unsupported;
        }
        if (spec.pageSizes !== undefined && spec.minimumUpstream !== undefined) {
          ctx.log(`${spec.id} upstream calls by page size`);
          bySize.push(pageSizeFigure(await upstreamByPageSize(stack, spec.pageSizes.queryOf, spec.pageSizes.sizes), spec.minimumUpstream, spec.pageSizes.source));
        }
        return null;
      });
      if (reason !== null) return skipped(spec, spec.query, reason);
      return { id: spec.id, title: spec.title, request: spec.query, status: 'measured', series, figures: [...figures(spec, single, series), ...bySize], notes: spec.notes };
    },
  };
}

function figures(spec: PageScenarioSpec, single: Record<string, Measurement>, series: readonly Series[]): Figure[] {
  const out: Figure[] = [];
  const on = single['on'];
  const off = single['off'];
  if (on !== undefined) {
    out.push({
      name: 'Upstream calls per query, batching on, one client',
      value: on.upstreamPerRequest,
      ...(spec.minimumUpstream !== undefined && { target: `at the minimum (${spec.minimumUpstream})`, met: on.upstreamPerRequest <= spec.minimumUpstream + 1e-9 }),
    });
  }
  if (on !== undefined && off !== undefined) {
    out.push({ name: 'Upstream calls per query, batching off, one client', value: off.upstreamPerRequest });
    if (on.vendorCallsPerRequest !== null && off.vendorCallsPerRequest !== null && on.vendorCallsPerRequest > 0) {
      out.push({ name: 'N+1 ratio (vendor reads, batching off ÷ on)', value: off.vendorCallsPerRequest / on.vendorCallsPerRequest, unit: '×' });
    }
  }
  const [bOn, bOff] = [series.find((s) => s.config['batching'] === true), series.find((s) => s.config['batching'] === false)];
  if (bOn !== undefined && bOff !== undefined) out.push(ratio('Throughput ratio, batching on ÷ off', bOn.median.rps, bOff.median.rps));
  return out;
}
