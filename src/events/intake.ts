import { createHash } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services.js';
import { createDeeprentReceiver } from '../vendors/deeprent/webhook.js';
import { createRentengineReceiver } from '../vendors/rentengine/webhook.js';
import type { WebhookReceiver } from './receiver.js';

/**
 * Webhook intake: POST /webhooks/<vendor>. In order: over 1 MB → 413; a bad credential →
 * 401 (checked over the raw bytes, before anything is parsed); not JSON → 400; not this
 * vendor's format → 400; an authentic delivery the gateway does not understand → 202,
 * parked (so the vendor stops retrying); otherwise the events are appended durably with
 * the delivery's dedupe key and only then answered 200. A redelivery is answered 200
 * without a second event. When the store cannot write: 503 with Retry-After, so the
 * vendor retries later.
 */
export const WEBHOOK_BODY_LIMIT_BYTES = 1_048_576;
export const RETRY_AFTER_SECONDS = 5;

export function webhookReceivers(services: Services): WebhookReceiver[] {
  const { config, logger } = services;
  return [
    createRentengineReceiver({
      token: config.rentengine.webhookToken,
      qstashSigningKeys: config.rentengine.qstashSigningKeys,
      production: config.production,
      logger,
    }),
    createDeeprentReceiver({ secret: config.deeprent.webhookSecret, production: config.production, logger }),
  ];
}

/** The vendor's delivery id when it sent one (the same on every retry), else the body's hash. */
export function dedupeKeyOf(receiver: WebhookReceiver, deliveryId: string | null, rawBody: Buffer): string {
  return deliveryId !== null
    ? `${receiver.vendor}:id:${deliveryId}`
    : `${receiver.vendor}:sha256:${createHash('sha256').update(rawBody).digest('hex')}`;
}

function handlerFor(receiver: WebhookReceiver, services: Services) {
  const { events, logger } = services;
  const vendor = receiver.vendor;
  const unavailable = (reply: FastifyReply, error?: unknown) => {
    events.count(vendor, 'unavailable');
    logger.error({ err: error, vendor }, 'a webhook could not be stored; the vendor is asked to retry');
    return reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS)).send({ error: 'Service Unavailable', message: 'the event store is not available; retry later' });
  };

  return async (request: FastifyRequest, reply: FastifyReply) => {
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const verification = receiver.verify({ headers: request.headers, rawBody });
    if (!verification.ok) {
      events.count(vendor, 'rejected');
      logger.warn({ vendor, reason: verification.reason, remoteAddress: request.socket.remoteAddress }, 'refused a webhook with a bad credential');
      return reply.code(401).send({ error: 'Unauthorized', message: verification.reason });
    }
    let payload: unknown;
    try {
      payload = JSON.parse(rawBody.toString('utf8'));
    } catch {
      events.count(vendor, 'malformed');
      return reply.code(400).send({ error: 'Bad Request', message: `expected a JSON body, got ${rawBody.length === 0 ? 'an empty body' : 'text that is not JSON'}` });
    }
    const meaning = receiver.interpret(payload);
    if (meaning.kind === 'malformed') {
      events.count(vendor, 'malformed');
      return reply.code(400).send({ error: 'Bad Request', message: meaning.reason });
    }
    if (!services.store.isOpen()) return unavailable(reply);
    const dedupeKey = dedupeKeyOf(receiver, verification.deliveryId, rawBody);
    try {
      switch (meaning.kind) {
        case 'park': {
          const fresh = await events.park({ vendor, reason: meaning.reason, dedupeKey, body: rawBody.toString('utf8') });
          events.count(vendor, fresh ? 'parked' : 'duplicate');
          if (fresh) logger.warn({ vendor, reason: meaning.reason, dedupeKey }, 'parked a webhook the gateway does not understand');
          return reply.code(202).send({ status: 'parked', reason: meaning.reason });
        }
        case 'events': {
          const [result] = await events.record([{ dedupeKey, events: meaning.events }]);
          const duplicate = result?.duplicate ?? false;
          events.count(vendor, duplicate ? 'duplicate' : 'accepted');
          logger.debug({ vendor, dedupeKey, duplicate, seqs: result?.events.map((e) => e.seq) }, 'webhook recorded');
          return reply.code(200).send({ status: duplicate ? 'duplicate' : 'accepted' });
        }
        default: {
          const unreachable: never = meaning;
          throw new Error(`unhandled webhook meaning ${JSON.stringify(unreachable)}`);
        }
      }
    } catch (error) {
      return unavailable(reply, error);
    }
  };
}

/** Registers the intake routes; a `RouteModule` for createGateway. */
export async function registerWebhookRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const receivers = webhookReceivers(services);
  await app.register(async (scope) => {
    // Signatures are over the exact bytes, so this scope parses nothing itself: every
    // content type arrives as a Buffer, whatever header the vendor chose.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT_BYTES }, (_request, body, done) => done(null, body));
    scope.setErrorHandler((error: FastifyError, request, reply) => {
      const receiver = receivers.find((r) => request.url.startsWith(`/webhooks/${r.path}`));
      const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      if (receiver !== undefined) services.events.count(receiver.vendor, status === 500 ? 'unavailable' : 'malformed');
      if (status === 413) return reply.code(413).send({ error: 'Payload Too Large', message: `expected a body of at most ${WEBHOOK_BODY_LIMIT_BYTES} bytes` });
      if (status < 500) return reply.code(status).send({ error: 'Bad Request', message: error.message });
      services.logger.error({ err: error }, 'webhook intake failed');
      return reply.code(500).send({ error: 'Internal Server Error' });
    });
    for (const receiver of receivers) scope.post(`/webhooks/${receiver.path}`, handlerFor(receiver, services));
  });
}
