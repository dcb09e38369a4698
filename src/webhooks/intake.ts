import { createHash } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services.js';
import type { WebhookReceiver } from '../ports/webhooks.js';
import { batched, type BatchedWrites } from '../events/service.js';
import type { RecordWrite } from '../ports/read-model.js';
import { sendWebhookError } from './errors.js';
import { eventIdProblem, webhookIdProblem } from './ids.js';

/**
 * Webhook intake: POST /webhooks/<vendor>. In order: no secret configured for the vendor
 * → 401 for every delivery, before the body is read; over 1 MB → 413; a bad credential →
 * 401 (checked over the raw bytes, before anything is parsed); a delivery id outside the
 * allowed form (webhook-ids.ts) → 400; not JSON → 400; not this vendor's format → 400;
 * an authentic delivery the gateway does not understand → 202, parked (so the vendor
 * stops retrying); a record id outside the allowed form → 400; otherwise the events are
 * appended durably with the delivery's dedupe key and only then answered 200. A
 * redelivery is answered 200 without a second event. When the store cannot write: 503
 * with Retry-After, so the vendor retries later. Every error body is
 * `{error, code, message}` (webhook-errors.ts); nothing refused is stored or parked.
 */
export const WEBHOOK_BODY_LIMIT_BYTES = 1_048_576;
export const RETRY_AFTER_SECONDS = 5;

/** The vendor's delivery id when it sent one (the same on every retry), else the body's hash. */
export function dedupeKeyOf(receiver: WebhookReceiver, deliveryId: string | null, rawBody: Buffer): string {
  return deliveryId !== null
    ? `${receiver.vendor}:id:${deliveryId}`
    : `${receiver.vendor}:sha256:${createHash('sha256').update(rawBody).digest('hex')}`;
}

function handlerFor(receiver: WebhookReceiver, services: Services, writeThrough: BatchedWrites<readonly RecordWrite[]>) {
  const { events, logger, webhookCounts } = services;
  const vendor = receiver.vendor;
  const unavailable = (reply: FastifyReply, error?: unknown) => {
    webhookCounts.count(vendor, 'unavailable');
    logger.error({ err: error, vendor }, 'a webhook could not be stored; the vendor is asked to retry');
    return sendWebhookError(reply.header('retry-after', String(RETRY_AFTER_SECONDS)), 'UNAVAILABLE', `the event store is not available; retry in ${RETRY_AFTER_SECONDS} s`);
  };
  const malformed = (reply: FastifyReply, message: string) => {
    webhookCounts.count(vendor, 'malformed');
    return sendWebhookError(reply, 'MALFORMED', message);
  };

  return async (request: FastifyRequest, reply: FastifyReply) => {
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const verification = receiver.verify({ headers: request.headers, rawBody });
    if (!verification.ok) {
      webhookCounts.count(vendor, 'rejected');
      logger.warn({ vendor, reason: verification.reason, remoteAddress: request.socket.remoteAddress }, 'refused a webhook with a bad credential');
      return sendWebhookError(reply, 'BAD_CREDENTIAL', verification.reason);
    }
    const { deliveryId } = verification;
    const idProblem = deliveryId === null ? null : webhookIdProblem(`the delivery id (${receiver.deliveryIdHeader})`, deliveryId);
    if (idProblem !== null) return malformed(reply, idProblem);
    let payload: unknown;
    try {
      payload = JSON.parse(rawBody.toString('utf8'));
    } catch {
      return malformed(reply, `expected a JSON body, got ${rawBody.length === 0 ? 'an empty body' : 'text that is not JSON'}`);
    }
    const meaning = receiver.interpret(payload);
    if (meaning.kind === 'malformed') return malformed(reply, meaning.reason);
    if (meaning.kind === 'events') {
      const problem = eventIdProblem(meaning.events);
      if (problem !== null) return malformed(reply, problem);
    }
    if (!services.store.isOpen()) return unavailable(reply);
    const dedupeKey = dedupeKeyOf(receiver, deliveryId, rawBody);
    try {
      switch (meaning.kind) {
        case 'park': {
          const fresh = await events.park({ vendor, reason: meaning.reason, dedupeKey, body: rawBody.toString('utf8') });
          webhookCounts.count(vendor, fresh ? 'parked' : 'duplicate');
          if (fresh) logger.warn({ vendor, reason: meaning.reason, dedupeKey }, 'parked a webhook the gateway does not understand');
          return reply.code(202).send({ status: 'parked', reason: meaning.reason });
        }
        case 'events': {
          // The read model changes in the transaction that appends the events: a query after the 2xx sees both.
          const records = meaning.records ?? [];
          const [result] = await events.record([{ dedupeKey, events: meaning.events }], records.length === 0 ? undefined : batched(writeThrough, records));
          const duplicate = result?.duplicate ?? false;
          webhookCounts.count(vendor, duplicate ? 'duplicate' : 'accepted');
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

/** Registers the intake routes under /webhooks; a `RouteModule` for createGateway. */
export async function registerWebhookRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const receivers = services.webhooks;
  for (const receiver of receivers) {
    // Said once at start, and only for a vendor in use: an unused vendor's webhooks being off is expected.
    if (receiver.notConfigured !== null && services.vendors.get(receiver.vendor) !== null) {
      services.logger.warn({ vendor: receiver.vendor }, receiver.notConfigured);
    }
  }
  const paths = receivers.map((r) => `POST /webhooks/${r.path}`).join(' or ');
  // The records of every webhook in one commit, written together (RecordWriter.apply).
  const writeThrough: BatchedWrites<readonly RecordWrite[]> = { write: (tx, items) => services.records.apply(tx, items.flat()) };
  await app.register(
    async (scope) => {
      // Signatures are over the exact bytes, so this scope parses nothing itself: every
      // content type arrives as a Buffer, whatever header the vendor chose.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT_BYTES }, (_request, body, done) => done(null, body));
      scope.setNotFoundHandler((request, reply) =>
        sendWebhookError(reply, 'NOT_FOUND', `expected ${paths}, got ${request.method} ${request.url.split('?')[0]!.slice(0, 100)}`),
      );
      scope.setErrorHandler((error: FastifyError, request, reply) => {
        const receiver = receivers.find((r) => request.url.startsWith(`/webhooks/${r.path}`));
        const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
        if (receiver !== undefined) services.webhookCounts.count(receiver.vendor, status === 500 ? 'unavailable' : 'malformed');
        if (status === 413) return sendWebhookError(reply, 'TOO_LARGE', `expected a body of at most ${WEBHOOK_BODY_LIMIT_BYTES} bytes`);
        if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
          return sendWebhookError(reply, 'MALFORMED', `expected a Content-Type such as application/json, got ${JSON.stringify(String(request.headers['content-type'] ?? '').slice(0, 100))}`);
        }
        if (status < 500) return sendWebhookError(reply, 'MALFORMED', `expected an HTTP request with a readable body, got one that was not: ${error.message}`);
        services.logger.error({ err: error }, 'webhook intake failed');
        return sendWebhookError(reply, 'INTERNAL', 'the webhook could not be handled; it was not stored');
      });
      for (const receiver of receivers) {
        const { notConfigured } = receiver;
        scope.post(`/${receiver.path}`, {
          // Refused before the body is read: without a secret nothing sent can be trusted.
          ...(notConfigured !== null && {
            onRequest: async (_request: FastifyRequest, reply: FastifyReply) => {
              services.webhookCounts.count(receiver.vendor, 'rejected');
              return sendWebhookError(reply, 'NOT_CONFIGURED', notConfigured);
            },
          }),
        }, handlerFor(receiver, services, writeThrough));
      }
    },
    { prefix: '/webhooks' },
  );
}
