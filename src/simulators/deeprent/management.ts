import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkSession, type ApiKeyRecord, type ApiKeys, type SessionTokens } from './access.js';
import type { DeeprentOrg, OrgUser } from './data.js';
import { isWebhookEvent, WEBHOOK_EVENTS, type Subscription, type Subscriptions } from './subscriptions.js';

/** The session surface: /api/api-keys (org owners only) and /api/webhooks (any member). */
export interface ManagementContext {
  org: DeeprentOrg;
  sessions: SessionTokens;
  apiKeys: ApiKeys;
  subscriptions: Subscriptions;
}

type Body = Record<string, unknown>;

export function registerManagementRoutes(app: FastifyInstance, ctx: ManagementContext): void {
  const userOf = new WeakMap<FastifyRequest, OrgUser>();
  const fail = (reply: FastifyReply, status: number, error: string) => reply.code(status).send({ error });
  const guard = (ownerOnly: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const check = checkSession(request, ctx.sessions, ctx.org);
    switch (check.kind) {
      case 'unauthenticated':
        return fail(reply, 401, 'Not authenticated');
      case 'wrong-org':
        return fail(reply, 403, `Not a member of organization ${JSON.stringify(check.orgId)}`);
      case 'ok':
        if (ownerOnly && !check.isOwner) return fail(reply, 403, 'Not an org owner');
        userOf.set(request, check.user);
        return;
      default: {
        const unreachable: never = check;
        throw new Error(`unexpected session check ${JSON.stringify(unreachable)}`);
      }
    }
  };

  app.register(async (scope) => {
    scope.addHook('preHandler', guard(true));
    scope.post('/api/api-keys', async (request, reply) => {
      const body = asBody(request.body);
      if (body === undefined) return fail(reply, 400, 'expected a JSON object body {name, description?}');
      const { name, description } = body;
      if (typeof name !== 'string' || name.trim() === '') return fail(reply, 400, `name must be a non-empty string, got ${JSON.stringify(name)}`);
      if (description !== undefined && description !== null && typeof description !== 'string') {
        return fail(reply, 400, `description must be a string, got ${JSON.stringify(description)}`);
      }
      const { record, key } = ctx.apiKeys.create({ name, description: description ?? null, user: userOf.get(request)! });
      return reply.code(201).send({ id: record.id, name: record.name, description: record.description, key, createdAt: record.createdAt });
    });
    scope.get('/api/api-keys', async () => ({ apiKeys: ctx.apiKeys.list().map(publicKey) }));
    scope.get('/api/api-keys/:id', async (request, reply) => {
      const record = ctx.apiKeys.get((request.params as { id: string }).id);
      return record === undefined ? fail(reply, 404, 'Key not found') : publicKey(record);
    });
    scope.delete('/api/api-keys/:id', async (request, reply) => {
      if (!ctx.apiKeys.revoke((request.params as { id: string }).id)) return fail(reply, 404, 'Key not found');
      return reply.code(204).send();
    });
  });

  app.register(async (scope) => {
    scope.addHook('preHandler', guard(false));
    scope.get('/api/webhooks', async () => ctx.subscriptions.list());
    scope.get('/api/webhooks/events', async () => ({ events: [...WEBHOOK_EVENTS] }));
    scope.post('/api/webhooks', async (request, reply) => {
      const body = asBody(request.body);
      if (body === undefined) return fail(reply, 400, 'expected a JSON object body {event, url, name?, active?}');
      const fields = subscriptionFields(body, true);
      if (typeof fields === 'string') return fail(reply, 400, fields);
      const { event, url, name, active } = fields;
      // subscriptionFields(body, true) has refused a body without both.
      return reply.code(201).send(ctx.subscriptions.create({ event: event!, url: url!, name: name ?? null, active: active ?? true }));
    });
    scope.put('/api/webhooks/:id', async (request, reply) => {
      const { id } = request.params as { id: string };
      if (ctx.subscriptions.get(id) === undefined) return fail(reply, 404, 'Webhook subscription not found');
      const body = asBody(request.body);
      if (body === undefined) return fail(reply, 400, 'expected a JSON object body with any of {name, event, url, active}');
      const fields = subscriptionFields(body, false);
      if (typeof fields === 'string') return fail(reply, 400, fields);
      return ctx.subscriptions.update(id, fields);
    });
    scope.delete('/api/webhooks/:id', async (request, reply) => {
      if (!ctx.subscriptions.delete((request.params as { id: string }).id)) return fail(reply, 404, 'Webhook subscription not found');
      return reply.code(204).send();
    });
  });
}

function publicKey(record: ApiKeyRecord) {
  return { id: record.id, name: record.name, description: record.description, createdAt: record.createdAt, updatedAt: record.updatedAt, enabled: record.enabled };
}

function asBody(body: unknown): Body | undefined {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Body) : undefined;
}

type SubscriptionFields = Partial<Pick<Subscription, 'name' | 'event' | 'url' | 'active'>>;

/** The subscription fields present in `body`, checked; a message when one is wrong. */
function subscriptionFields(body: Body, creating: boolean): SubscriptionFields | string {
  const fields: SubscriptionFields = {};
  if (body['event'] !== undefined || creating) {
    if (!isWebhookEvent(body['event'])) return `event must be one of ${WEBHOOK_EVENTS.join(', ')}, got ${JSON.stringify(body['event'])}`;
    fields.event = body['event'];
  }
  if (body['url'] !== undefined || creating) {
    const url = body['url'];
    // The vendor asks for HTTPS; plain http is accepted so loopback receivers work.
    if (typeof url !== 'string' || !/^https?:\/\//.test(url) || !URL.canParse(url)) return `url is required: an absolute https URL, got ${JSON.stringify(url)}`;
    fields.url = url;
  }
  if (body['name'] !== undefined) {
    if (body['name'] !== null && typeof body['name'] !== 'string') return `name must be a string or null, got ${JSON.stringify(body['name'])}`;
    fields.name = body['name'];
  }
  if (body['active'] !== undefined) {
    if (typeof body['active'] !== 'boolean') return `active must be true or false, got ${JSON.stringify(body['active'])}`;
    fields.active = body['active'];
  }
  return fields;
}
