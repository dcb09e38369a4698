import type { FastifyInstance } from 'fastify';
import type { RawQuery } from '../kit/query.js';
import { floorplanBodySchema, multifamilyBodySchema } from './bodies.js';
import { filterKey, requireAccount, type RouteContext } from './context.js';
import { floorplansQuery, multifamilyQuery } from './queries.js';
import type { Floorplan, MultifamilyProperty } from './types.js';
import { badRequest, checkBody, notFound, page, parseQuery } from './validate.js';

type MultifamilyInput = Omit<MultifamilyProperty, 'id' | 'created_at' | 'updated_at' | 'description' | 'external_ids' | 'deleted'>
  & { id?: string; description?: string; external_ids?: Record<string, string>; deleted?: boolean };
type FloorplanInput = Partial<Omit<Floorplan, 'multifamily_property_id'>> & { multifamily_property_id: string };

/** Multifamily properties and their floorplans; soft-deleted ones (deleted: true) drop out of the lists. */
export function propertyRoutes(app: FastifyInstance, context: RouteContext): void {
  const { store } = context;

  app.get('/multifamily_properties', async (request) => {
    const query = parseQuery(request.query as RawQuery, multifamilyQuery, true);
    const list = store.cachedList(filterKey('multifamily_properties', query), () => {
      const ids = query.ids === undefined ? undefined : new Set(query.ids);
      return store.multifamily.rows.filter((m) => !m.deleted && (ids === undefined || ids.has(m.id))
        && (query.account_id === undefined || m.account_id === query.account_id));
    });
    return page(list, query);
  });

  app.post('/multifamily_properties', async (request) => {
    const input = checkBody<MultifamilyInput>(multifamilyBodySchema, request.body);
    requireAccount(context, input.account_id, 'account_id');
    const id = input.id?.toLowerCase();
    const existing = id === undefined ? undefined : store.multifamily.get(id);
    if (id !== undefined && existing === undefined) throw notFound(`Multifamily property ${input.id} not found; leave out id to create one`);
    const now = store.now().toISOString();
    return store.upsertMultifamily({
      description: null, external_ids: {}, deleted: false, ...existing, ...input,
      id: id ?? store.newUuid(), account_id: input.account_id.toLowerCase(),
      created_at: existing?.created_at ?? now, updated_at: now,
    });
  });

  app.get('/floorplans', async (request) => {
    const query = parseQuery(request.query as RawQuery, floorplansQuery, true);
    const list = store.cachedList(filterKey('floorplans', query), () => {
      const ids = query.ids === undefined ? undefined : new Set(query.ids);
      const properties = query.multifamily_property_ids === undefined ? undefined : new Set(query.multifamily_property_ids);
      return store.floorplans.rows.filter((f) => !f.deleted && (ids === undefined || ids.has(f.id))
        && (properties === undefined || properties.has(f.multifamily_property_id)));
    });
    return page(list, query);
  });

  app.post('/floorplans', async (request) => {
    const input = checkBody<FloorplanInput>(floorplanBodySchema, request.body);
    const propertyId = input.multifamily_property_id.toLowerCase();
    const property = store.multifamily.get(propertyId);
    if (property === undefined || property.deleted) {
      throw badRequest(`multifamily_property_id ${input.multifamily_property_id} does not name a multifamily property (GET /multifamily_properties lists them)`);
    }
    const id = input.id?.toLowerCase();
    const existing = id === undefined ? undefined : store.floorplans.get(id);
    if (id !== undefined && existing === undefined) throw notFound(`Floorplan ${input.id} not found; leave out id to create one`);
    return store.upsertFloorplan({
      name: null, bedroom_count: null, bathroom_count: null, unit_count: null, units_available: null, market_rent: null,
      min_sqft: null, max_sqft: null, photos: [], deleted: false, description: null,
      ...existing, ...input, id: id ?? store.newUuid(), multifamily_property_id: propertyId,
    });
  });
}
