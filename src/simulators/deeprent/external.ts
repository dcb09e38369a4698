import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sleep } from '../kit/server.js';
import { single, type RawQuery } from '../kit/query.js';
import type { ApiKeyRecord, ApiKeys } from './access.js';
import { isoSeconds, type DeeprentOrg, type ProtocolStore } from './data.js';
import { accessDeniedXml, protocolPdf, type PresignedFiles } from './pdf.js';
import { protocolSnapshot } from './snapshot.js';

/** The API-key surface (/external/*) and the presigned file host behind it. */
export interface ExternalContext {
  store: ProtocolStore;
  apiKeys: ApiKeys;
  org: DeeprentOrg;
  seed: number;
  files: PresignedFiles;
  pdfGenerationMillis: number;
  presignTtlSeconds: number;
  /** The vendor's clock: presigned URLs expire by it. */
  now: () => Date;
  /** The simulator's origin, known once it listens. */
  origin: () => string;
}

export const MESSAGES = {
  badApiKey: 'Missing or invalid API key',
  badProtocolId: 'Invalid protocol id',
  protocolNotFound: 'Protocol not found',
} as const;

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;
const PROTOCOL_ID = /^[A-Za-z0-9_-]{6,}$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

type ListQuery = { limit: number; cursor: { ms: number; id: string } | null; includeDeleted: boolean };

export function registerExternalRoutes(app: FastifyInstance, ctx: ExternalContext): void {
  const keyOf = new WeakMap<FastifyRequest, ApiKeyRecord>();
  const fail = (reply: FastifyReply, status: number, error: string) => reply.code(status).send({ success: false, error });
  const generated = new Set<string>();
  const generating = new Map<string, Promise<void>>();

  app.register(async (scope) => {
    scope.addHook('preHandler', async (request, reply) => {
      const key = ctx.apiKeys.authenticate(request);
      if (key === undefined) return fail(reply, 401, MESSAGES.badApiKey);
      keyOf.set(request, key);
    });

    scope.get('/external/protocols', async (request, reply) => {
      const query = parseListQuery(request.query as RawQuery);
      if (typeof query === 'string') return fail(reply, 400, query);
      const page = ctx.store.page(query);
      const last = page.rows[page.rows.length - 1];
      return {
        success: true,
        count: page.rows.length,
        userId: keyOf.get(request)!.user.userId,
        orgId: ctx.org.orgId,
        protocols: page.rows.map((row) => protocolSnapshot(row, ctx.org, ctx.seed)),
        hasMore: page.hasMore,
        nextCursor: page.hasMore && last !== undefined ? { cursorTs: isoSeconds(last.createdAtMs), cursorId: last.id } : null,
      };
    });

    scope.get('/external/protocols/:id/pdf', async (request, reply) => {
      const { id } = request.params as { id: string };
      if (!PROTOCOL_ID.test(id)) return fail(reply, 400, `${MESSAGES.badProtocolId} ${JSON.stringify(id)}: expected at least 6 characters of letters, digits, _ and -`);
      if (!ctx.store.byId.has(id)) return fail(reply, 404, MESSAGES.protocolNotFound);
      // The first request builds the PDF (slow); requests arriving meanwhile wait for that build.
      let createdNow = false;
      if (!generated.has(id)) {
        let build = generating.get(id);
        if (build === undefined) {
          createdNow = true;
          build = sleep(ctx.pdfGenerationMillis).then(() => {
            generated.add(id);
            generating.delete(id);
          });
          generating.set(id, build);
        }
        await build;
      }
      const { token, expiresAtMs } = ctx.files.issue(id, ctx.presignTtlSeconds, ctx.now().getTime());
      return {
        success: true,
        protocolId: id,
        orgId: ctx.org.orgId,
        fileName: `protocol-${id}.pdf`,
        url: `${ctx.origin()}/__files/${token}`,
        expiresIn: ctx.presignTtlSeconds,
        expiresAt: new Date(expiresAtMs).toISOString(),
        generated: createdNow,
      };
    });
  });

  app.get('/__files/:token', async (request, reply) => {
    const { token } = request.params as { token: string };
    const grant = ctx.files.resolve(token, ctx.now().getTime());
    if (grant === 'expired') return reply.code(403).type('application/xml').send(accessDeniedXml('Request has expired'));
    if (grant === 'unknown') return reply.code(403).type('application/xml').send(accessDeniedXml('Access Denied'));
    const record = ctx.store.byId.get(grant.protocolId);
    if (record === undefined) return reply.code(404).type('application/xml').send(accessDeniedXml('The specified key does not exist.'));
    const snapshot = protocolSnapshot(record, ctx.org, ctx.seed);
    const pdf = protocolPdf([
      `deep.rent protocol ${record.id}`,
      `Object: ${snapshot.object.name}`,
      `Cause: ${record.cause}`,
      `Created: ${snapshot.protocol.createdAt}`,
      ...snapshot.contacts.map((c) => `${c.role}: ${c.firstName} ${c.lastName}`),
    ]);
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="protocol-${record.id}.pdf"`)
      .send(pdf);
  });
}

/** The list query, or a message saying what was expected and what arrived. */
export function parseListQuery(query: RawQuery): ListQuery | string {
  const rawLimit = single(query, 'limit');
  let limit = DEFAULT_LIMIT;
  if (rawLimit !== undefined) {
    limit = /^\d+$/.test(rawLimit) ? Number(rawLimit) : Number.NaN;
    if (!(limit >= 1 && limit <= MAX_LIMIT)) return `limit must be an integer from 1 to ${MAX_LIMIT}, got ${JSON.stringify(rawLimit)}`;
  }
  const rawDeleted = single(query, 'includeDeleted');
  if (rawDeleted !== undefined && rawDeleted !== 'true' && rawDeleted !== 'false') {
    return `includeDeleted must be true or false, got ${JSON.stringify(rawDeleted)}`;
  }
  const cursorTs = single(query, 'cursorTs');
  const cursorId = single(query, 'cursorId');
  if ((cursorTs === undefined) !== (cursorId === undefined)) return 'cursorTs and cursorId must be sent together';
  let cursor: ListQuery['cursor'] = null;
  if (cursorTs !== undefined && cursorId !== undefined) {
    const ms = Date.parse(cursorTs);
    if (!ISO_TIMESTAMP.test(cursorTs) || Number.isNaN(ms)) return `cursorTs must be an ISO 8601 timestamp, got ${JSON.stringify(cursorTs)}`;
    if (cursorId === '') return 'cursorId must be a protocol id, got an empty string';
    cursor = { ms, id: cursorId };
  }
  return { limit, cursor, includeDeleted: rawDeleted === 'true' };
}
