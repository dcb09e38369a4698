import { randomUUID } from 'node:crypto';
import type { LoadRequest } from '../lib/load.js';
import { measureSeries, skipped, withGateway, withSimulators, type Scenario } from '../lib/scenario.js';
import type { Figure } from '../lib/types.js';

/**
 * S4, webhook intake: RentEngine leasing-event webhooks as QStash delivers them
 * (POST /webhooks/rentengine, x-api-token, a unique Upstash-Message-Id each). A 2xx
 * is the gateway's durable acknowledgement: the event is in the event log.
 */
const PATH = '/webhooks/rentengine';
/** The target rate; the open-loop series sends at it. */
const TARGET_RATE = 2_000;
const EVENT_TYPES = ['Showing Scheduled', 'Showing Complete', 'Application Received', 'Contacted, Awaiting Information'];
const REQUEST = `POST ${PATH} {type: INSERT, table: leasing_events, record, old_record: null} with x-api-token and a fresh Upstash-Message-Id`;

export function webhookRequest(token: string, run: string, i: number, notes = `bench ${run} ${i}`): LoadRequest {
  const record = {
    id: 900_000_000 + i,
    prospect_id: 1 + (i % 50),
    unit_id: null,
    event_type: EVENT_TYPES[i % EVENT_TYPES.length],
    source: 'Automation',
    notes,
    planned_date_time: null,
    created_at: new Date().toISOString(),
  };
  return {
    method: 'POST',
    path: PATH,
    headers: { 'content-type': 'application/json', 'x-api-token': token, 'upstash-message-id': `msg_${run}_${i}`, 'upstash-retried': '0' },
    body: JSON.stringify({ type: 'INSERT', table: 'leasing_events', record, old_record: null }),
  };
}

export const s4: Scenario = {
  id: 'S4',
  title: 'Webhook intake: durable acknowledgements per second',
  async run(ctx) {
    const { options } = ctx;
    return withSimulators(0, (stack) =>
      withGateway(stack, { batching: true }, async (gateway) => {
        const token = stack.simulators.env['RENTENGINE_WEBHOOK_TOKEN'];
        if (token === undefined) return skipped(this, REQUEST, 'the simulators printed no RENTENGINE_WEBHOOK_TOKEN');
        const probe = webhookRequest(token, 'probe', 0);
        const response = await fetch(`${gateway.url}${probe.path}`, { method: 'POST', headers: probe.headers ?? {}, body: probe.body ?? null });
        if (response.status === 404) return skipped(this, REQUEST, `the gateway answers 404 to POST ${PATH}: webhook intake is not there yet`);
        if (!response.ok) return skipped(this, REQUEST, `expected a 2xx acknowledgement of a valid webhook, got ${response.status} ${(await response.text()).slice(0, 300)}`);
        // Every request of every run gets its own message id, so none is a duplicate.
        const run = randomUUID().slice(0, 8);
        let sent = 0;
        const target = { kind: 'rentgraph' as const, pid: gateway.pid, url: gateway.url };
        const load = { connections: options.connections, request: () => webhookRequest(token, run, sent++) };
        ctx.log('S4 rentgraph, webhook intake, closed loop');
        const closed = await measureSeries(ctx, `rentgraph · ${options.connections} senders, closed loop`, target, stack.simulators, { connections: options.connections }, load);
        ctx.log(`S4 rentgraph, webhook intake, ${TARGET_RATE} webhooks/s`);
        const paced = await measureSeries(ctx, `rentgraph · ${TARGET_RATE.toLocaleString('en-US')} webhooks/s, open loop`, target, stack.simulators,
          { ratePerSecond: TARGET_RATE, connections: options.connections }, { ...load, ratePerSecond: TARGET_RATE });
        const figures: Figure[] = [
          { name: `Acknowledged webhooks per second, ${options.connections} senders (the most the gateway acknowledges)`, value: closed.median.rps, unit: '/s', target: `>= ${TARGET_RATE.toLocaleString('en-US')} /s`, met: closed.median.rps >= TARGET_RATE },
          { name: `p99 acknowledgement latency at ${TARGET_RATE.toLocaleString('en-US')} webhooks/s`, value: paced.median.p99Millis, unit: 'ms', target: '< 25 ms', met: paced.median.p99Millis < 25 && paced.median.errors === 0 },
          { name: `p99 acknowledgement latency with ${options.connections} senders at full speed (queueing: senders ÷ throughput)`, value: closed.median.p99Millis, unit: 'ms' },
        ];
        return {
          id: this.id, title: this.title, request: REQUEST, status: 'measured' as const, series: [closed, paced], figures,
          notes: [
            'A 2xx counts as a durable acknowledgement: the gateway answers after the event is committed to its SQLite event log.',
            `Closed loop: ${options.connections} senders each post the next webhook when the last was acknowledged; that finds the most the gateway acknowledges per second, and its latency is mostly waiting in line (${options.connections} ÷ throughput).`,
            `Open loop: webhooks go out on a clock at ${TARGET_RATE.toLocaleString('en-US')}/s whatever the answers (as a vendor's delivery queue sends them), and each latency counts from the moment its webhook was due; this is the latency the target is about.`,
          ],
        };
      }),
    );
  },
};
