import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { Services } from './services.js';
import { WEBHOOK_OUTCOMES } from './webhooks/outcomes.js';
import type { ExecutionStats } from './execution/jit.js';

/**
 * Prometheus metrics on /metrics: the replica (its id, whether it leads), process metrics, each vendor's HTTP counters and
 * breaker, webhooks, the event log, and how operations were executed (`execution` is
 * null when compiled execution is off).
 */
export function registerMetrics(app: FastifyInstance, services: Services, execution: { stats(): ExecutionStats } | null = null): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // Replicas behind one load balancer are told apart by this label (RENTGRAPH_REPLICA_ID, or host and pid).
  new Gauge({
    name: 'rentgraph_replica_info',
    help: 'Always 1: this replica\'s id and the engine of its store (sqlite, postgres)',
    labelNames: ['replica', 'database'],
    registers: [registry],
    collect() {
      this.reset();
      this.set({ replica: services.replica.id, database: services.store.dialect }, 1);
    },
  });
  new Gauge({
    name: 'rentgraph_replica_leader',
    help: '1 while this replica leads the shared duties (identity sync, change polling, retention), else 0',
    labelNames: ['replica'],
    registers: [registry],
    collect() {
      this.set({ replica: services.replica.id }, services.replica.isLeader() ? 1 : 0);
    },
  });
  new Gauge({
    name: 'rentgraph_response_cache',
    help: 'Whole responses kept until what they read changes: hits, misses, stored, invalidated (since start), entries and bytes (now)',
    labelNames: ['counter'],
    registers: [registry],
    collect() {
      const stats = services.responseCache?.stats();
      if (stats === undefined) return;
      for (const [counter, value] of Object.entries(stats)) this.set({ counter }, value);
    },
  });
  new Gauge({
    name: 'rentgraph_vendor_circuit_open',
    help: '1 while the circuit breaker to a vendor is open or half-open',
    labelNames: ['vendor'],
    registers: [registry],
    collect() {
      for (const handle of services.vendors.all()) this.set({ vendor: handle.vendor }, handle.link.circuitState() === 'CLOSED' ? 0 : 1);
    },
  });
  new Gauge({
    name: 'rentgraph_vendor_http',
    help: 'Vendor HTTP counters by vendor and counter name (calls, upstream requests, retries, failures)',
    labelNames: ['vendor', 'counter'],
    registers: [registry],
    collect() {
      for (const handle of services.vendors.all()) {
        for (const [counter, value] of Object.entries(handle.link.stats())) {
          if (typeof value === 'number') this.set({ vendor: handle.vendor, counter }, value);
        }
      }
    },
  });
  new Gauge({
    name: 'rentgraph_webhooks',
    help: 'Webhook deliveries since start by vendor and outcome (accepted, duplicate, parked, rejected, malformed, unavailable)',
    labelNames: ['vendor', 'outcome'],
    registers: [registry],
    collect() {
      for (const [vendor, outcomes] of services.webhookCounts.counts()) {
        for (const outcome of WEBHOOK_OUTCOMES) this.set({ vendor, outcome }, outcomes[outcome]);
      }
    },
  });
  new Gauge({
    name: 'rentgraph_event_log_seq',
    help: 'The highest event seq recorded (grows by one per event)',
    registers: [registry],
    async collect() {
      if (!services.store.isOpen()) return;
      // A store that stopped answering leaves the last value; /metrics still answers.
      const seq = await services.events.log.lastSeq().catch(() => null);
      if (seq !== null) this.set(seq);
    },
  });
  new Gauge({
    name: 'rentgraph_event_subscribers',
    help: 'Live subscription streams following the event bus',
    registers: [registry],
    collect() {
      this.set(services.events.bus.listenerCount());
    },
  });
  new Gauge({
    name: 'rentgraph_graphql_operations',
    help: 'GraphQL operations over HTTP since start, by execution: compiled (a repeated document) or interpreted (graphql-js)',
    labelNames: ['execution'],
    registers: [registry],
    collect() {
      if (execution === null) return;
      for (const [kind, count] of Object.entries(execution.stats())) this.set({ execution: kind }, count);
    },
  });
  app.get('/metrics', async (_request, reply) => reply.header('content-type', registry.contentType).send(await registry.metrics()));
  return registry;
}
