import type { FastifyInstance } from 'fastify';
import type { RawQuery } from '../kit/query.js';
import { filterKey, type RouteContext } from './context.js';
import { prescreeningTemplatesQuery, subteamsQuery } from './queries.js';
import { page, parseQuery } from './validate.js';

/** Subteams and prescreening templates: small, read-only lists of the token's accounts. */
export function accountRoutes(app: FastifyInstance, context: RouteContext): void {
  const { store } = context;

  app.get('/subteams', async (request) => {
    const query = parseQuery(request.query as RawQuery, subteamsQuery, true);
    const list = store.cachedList(filterKey('subteams', query), () =>
      store.subteams.rows.filter((s) => query.account_id === undefined || s.account_id === query.account_id));
    return page(list, query);
  });

  app.get('/prescreening_templates', async (request) => {
    const query = parseQuery(request.query as RawQuery, prescreeningTemplatesQuery, true);
    const list = store.cachedList(filterKey('prescreening_templates', query), () => {
      const ids = query.templateIds === undefined ? undefined : new Set(query.templateIds);
      return store.templates.rows.filter((t) => (ids === undefined || ids.has(t.id))
        && (query.accountId === undefined || t.accountId === query.accountId)
        && (query.isDefault === undefined || t.isDefault === query.isDefault));
    });
    return page(list, query);
  });
}
