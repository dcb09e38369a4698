import type { FastifyInstance } from 'fastify';
import { startSimServer } from '../kit/server.js';
import type { WebhookStats } from '../kit/webhooks.js';
import { SIM_CREDENTIALS } from '../credentials.js';
import { systemClock, type RunningSimulator, type SimulatorOptions } from '../types.js';
import { ApiKeys } from './access.js';
import { PROTOCOL_CAUSES, ProtocolStore, type DeeprentOrg } from './data.js';
import { registerExternalRoutes } from './external.js';
import { registerManagementRoutes } from './management.js';
import { deeprentOpenApi } from './openapi.js';
import { PresignedFiles } from './pdf.js';
import { protocolSnapshot } from './snapshot.js';
import { Subscriptions, WEBHOOK_EVENTS, type WebhookEvent } from './subscriptions.js';

export { signStandardWebhook } from './signing.js';

export interface DeeprentSimulatorOptions extends SimulatorOptions {
  /** How long the first PDF request per protocol takes, in milliseconds. Default 1500. */
  pdfGenerationMillis?: number;
  /** Lifetime of a presigned PDF URL, in seconds. Default 900. */
  presignTtlSeconds?: number;
  /** API key accepted from the start. Default SIM_CREDENTIALS.deeprent.apiKey. */
  apiKey?: string;
  /** Signing secret ("whsec_<base64>") of the subscriptions to `webhookUrl`. Default SIM_CREDENTIALS.deeprent.webhookSecret. */
  webhookSecret?: string;
}

/** Session token of an organization member who is not the owner (403 on /api/api-keys). */
export const DEEPRENT_MEMBER_SESSION_TOKEN = 'sim-deeprent-member-session';

export interface RunningDeeprentSimulator extends RunningSimulator {
  /** Outbound webhook delivery counters. */
  webhookStats(): WebhookStats;
  /** The signing secret of a subscription, which the vendor's API never returns. */
  subscriptionSecret(id: string): string | undefined;
}

const ACTIVITY_DELETE_CHANCE = 0.2;

/**
 * deep.rent: protocols listed by cursor (newest first), PDFs behind presigned URLs,
 * API-key and webhook management under a session, and signed outbound webhooks.
 */
export async function startDeeprentSimulator(options: DeeprentSimulatorOptions): Promise<RunningDeeprentSimulator> {
  const credentials = SIM_CREDENTIALS.deeprent;
  const apiKey = options.apiKey ?? credentials.apiKey;
  const webhookSecret = options.webhookSecret ?? credentials.webhookSecret;
  const { world } = options;
  const now = options.now ?? systemClock;
  const org: DeeprentOrg = {
    orgId: credentials.orgId,
    owner: { userId: 'usr-sim-owner-0001', userName: 'Lena Schmidt' },
    member: { userId: 'usr-sim-member-0002', userName: 'Omar Patel' },
  };
  const store = new ProtocolStore(world, org);
  const apiKeys = new ApiKeys(now);
  apiKeys.add(apiKey, { name: 'Simulator default key', description: 'Accepted from start-up', user: org.owner });
  const subscriptions = new Subscriptions(org.orgId, options.retryScale ?? 0.001, now);
  if (options.webhookUrl !== undefined) {
    for (const event of WEBHOOK_EVENTS) {
      subscriptions.create({ name: `Gateway (${event})`, event, url: options.webhookUrl, active: true }, webhookSecret);
    }
  }
  let origin = '';

  const routes = (app: FastifyInstance) => {
    registerExternalRoutes(app, {
      store,
      apiKeys,
      org,
      seed: world.seed,
      files: new PresignedFiles(),
      pdfGenerationMillis: options.pdfGenerationMillis ?? 1500,
      presignTtlSeconds: options.presignTtlSeconds ?? 900,
      now,
      origin: () => origin,
    });
    registerManagementRoutes(app, { org, sessions: { owner: credentials.sessionToken, member: DEEPRENT_MEMBER_SESSION_TOKEN }, apiKeys, subscriptions });
    // The signing secrets exist only server-side at the vendor; the simulator shows them to its operator.
    app.get('/__sim/webhook-secrets/:id', async (request, reply) => {
      const secret = subscriptions.secretOf((request.params as { id: string }).id);
      return secret === undefined ? reply.code(404).send({ error: 'Webhook subscription not found' }) : { secret };
    });
  };

  const server = await startSimServer({
    name: 'deeprent',
    routes,
    openapi: deeprentOpenApi,
    ...(options.port !== undefined && { port: options.port }),
    ...(options.faults !== undefined && { faults: options.faults }),
  });
  origin = server.origin;

  const activity = world.random('deeprent:activity');
  const publish = (event: WebhookEvent, snapshot: unknown) => {
    // Deliveries retry on their own schedule; a tick does not wait for them.
    void subscriptions.publish(event, snapshot);
  };

  return {
    vendor: 'deeprent',
    server,
    env: { DEEPRENT_BASE_URL: server.origin, DEEPRENT_API_KEY: apiKey, DEEPRENT_WEBHOOK_SECRET: webhookSecret },
    activityTick: async () => {
      if (store.objects.length === 0) return;
      const unit = activity.pick(store.objects);
      const by = activity.chance(0.7) ? org.owner : org.member;
      const created = store.create(unit, now().getTime(), activity.pick(PROTOCOL_CAUSES), by);
      publish('protocol.generated', protocolSnapshot(created, org, world.seed));
      if (!activity.chance(ACTIVITY_DELETE_CHANCE)) return;
      // Probe a few random rows for one that is live and not under legal hold.
      for (let tries = 0; tries < 20; tries++) {
        const victim = activity.pick(store.ordered);
        if (victim.deletedAtMs !== null || victim.legalHold) continue;
        store.softDelete(victim, now().getTime(), by, 'Created in error');
        publish('protocol.deleted', protocolSnapshot(victim, org, world.seed));
        return;
      }
    },
    webhookStats: () => subscriptions.stats(),
    subscriptionSecret: (id) => subscriptions.secretOf(id),
    close: async () => {
      subscriptions.close();
      await server.close();
    },
  };
}
