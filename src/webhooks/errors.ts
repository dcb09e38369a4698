import { STATUS_CODES } from 'node:http';
import type { FastifyReply } from 'fastify';

/**
 * The closed list of `code` values in a webhook error body `{error, code, message}`
 * (README, HTTP surface). The caller of a webhook route is a vendor's delivery system,
 * which retries by status and shows the body to whoever reads its delivery log, so the
 * codes name what the intake decided rather than reusing the GraphQL list, whose codes
 * speak of client keys, user input and vendors; NOT_FOUND and INTERNAL mean the same
 * in both lists and are spelled the same.
 */
export const WEBHOOK_ERROR_CODES = [
  /** 401: the gateway has no secret for this vendor, so it refuses every delivery; the message names the variable. */
  'NOT_CONFIGURED',
  /** 401: the credential or signature is missing, wrong or stale. */
  'BAD_CREDENTIAL',
  /** 400: not JSON, not this vendor's webhook format, or an id outside the allowed form. */
  'MALFORMED',
  /** 413: a body over the limit. */
  'TOO_LARGE',
  /** 404: no webhook route at this path and method. */
  'NOT_FOUND',
  /** 503 with Retry-After: the event store cannot write; the vendor should retry. */
  'UNAVAILABLE',
  /** 500: anything not made on purpose. */
  'INTERNAL',
] as const;
export type WebhookErrorCode = (typeof WEBHOOK_ERROR_CODES)[number];

const STATUS_OF: Readonly<Record<WebhookErrorCode, number>> = {
  NOT_CONFIGURED: 401,
  BAD_CREDENTIAL: 401,
  MALFORMED: 400,
  TOO_LARGE: 413,
  NOT_FOUND: 404,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export interface WebhookErrorBody {
  /** The status's reason phrase, e.g. "Unauthorized". */
  error: string;
  code: WebhookErrorCode;
  message: string;
}

export function webhookErrorBody(code: WebhookErrorCode, message: string): WebhookErrorBody {
  return { error: STATUS_CODES[STATUS_OF[code]] ?? 'Error', code, message };
}

/** Answers with the code's status and the `{error, code, message}` body. */
export function sendWebhookError(reply: FastifyReply, code: WebhookErrorCode, message: string): FastifyReply {
  return reply.code(STATUS_OF[code]).send(webhookErrorBody(code, message));
}
