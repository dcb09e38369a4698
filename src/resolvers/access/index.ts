import type { AuditFilter } from '../../access/audit-log.js';
import { requireScope } from '../../access/scopes.js';
import { badInput } from '../../errors.js';
import type { Resolvers } from '../../generated/resolvers.js';
import type { GatewayContext } from '../../request/scope.js';
import { checkAfter, checkFirst, toConnection } from '../common/connection.js';
import { registerNodeLookup } from '../node-lookup.js';

/** Query.viewer, Query.auditLog and audit entries by id. */

const ORDERING = 'auditLog';

/** An entry's id inside its cursor or global id: a positive whole number. */
function entryIdOf(text: string, field: string): number {
  if (!/^[1-9]\d{0,15}$/.test(text)) throw badInput(`expected ${field} from this graph's audit log, got one that names no entry`, field);
  return Number(text);
}

function instantOf(value: unknown, field: string): number | undefined {
  if (value === null || value === undefined) return undefined;
  const millis = value instanceof Date ? value.getTime() : Date.parse(String(value));
  if (Number.isNaN(millis)) throw badInput(`expected ${field} to be an ISO 8601 date-time, got ${JSON.stringify(String(value))}`, field);
  return millis;
}

registerNodeLookup('AuditEntry', async (key, context) => {
  requireScope(context.client, 'ADMIN', 'an audit entry');
  return context.gateway.audit.byId(entryIdOf(key, 'id'));
});

export const accessResolvers: Resolvers = {
  Query: {
    viewer: (_root, _args, context: GatewayContext) => {
      // Answers differ by key, and the response cache keys by scopes only.
      context.inputs.readsLive('the client key');
      return { name: context.client.name, scopes: [...context.client.scopes] };
    },
    auditLog: async (_root, args, context) => {
      requireScope(context.client, 'ADMIN', 'auditLog');
      const first = checkFirst(args.first);
      const after = checkAfter(args.after, ORDERING);
      const filter: AuditFilter = {
        client: args.filter?.client ?? undefined,
        operation: args.filter?.operation ?? undefined,
        fromMillis: instantOf(args.filter?.from, 'filter.from'),
        toMillis: instantOf(args.filter?.to, 'filter.to'),
      };
      const page = await context.gateway.audit.page(first, after === null ? null : entryIdOf(after, 'after'), filter);
      const connection = toConnection(ORDERING, page.entries.map((item) => item.entry), page.entries.map((item) => String(item.position)), page.hasNextPage);
      return { ...connection, filter };
    },
  },
  AuditEntryConnection: {
    totalCount: (connection, _args, context) => context.gateway.audit.count(connection.filter),
  },
};
