import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { single, type RawQuery } from '../kit/query.js';
import { startSimServer } from '../kit/server.js';
import { SIM_CREDENTIALS } from '../credentials.js';
import { systemClock, type RunningSimulator, type SimulatorOptions } from '../types.js';
import { activityStep } from './activity.js';
import { checkCompany, checkToken, passwordHeader } from './auth.js';
import { fail, isFailure, isObject, MalformedJson, parseBody, type Failure } from './http.js';
import { leaseyOpenApi } from './openapi.js';
import { companyIdFromBody, companyIdFromQuery, dateParam, limitParam, startOfYear } from './params.js';
import { createProperty, findProperty, updateProperty } from './properties.js';
import { companyLeads, leadPage, leadRow, propertyRows, showingRows, type DateWindow } from './reports.js';
import { seedState } from './seed.js';
import type { Company } from './state.js';
import { validateProperty } from './validate.js';

export interface LeaseySimulatorOptions extends SimulatorOptions {
  /** The API token to require. Default SIM_CREDENTIALS.leasey.apiToken (48 characters, like Leasey's). */
  apiToken?: string;
  /** The company the world's units belong to. Default SIM_CREDENTIALS.leasey.companyId. */
  companyId?: number;
  /** Default SIM_CREDENTIALS.leasey.companyPassword. */
  companyPassword?: string;
}

/** Every documented path with its one method; any other method there is a 405. */
const ROUTE_METHODS: ReadonlyArray<readonly [string, string]> = [
  ['/reports/showings', 'GET'], ['/reports/leads', 'GET'], ['/reports/properties', 'GET'],
  ['/properties', 'POST'], ['/properties/leads', 'GET'], ['/properties/:property_id', 'PUT'],
];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * Leasey.AI v2: three reports, the simplified lead list and property create/update,
 * behind the two-level auth of leasey.md. No rate limit and no webhooks (ASSUMPTIONS.md);
 * `activityTick` moves leads and showings for a poller to find.
 */
export async function startLeaseySimulator(options: LeaseySimulatorOptions): Promise<RunningSimulator> {
  const defaults = SIM_CREDENTIALS.leasey;
  const token = options.apiToken ?? defaults.apiToken;
  const companyId = options.companyId ?? defaults.companyId;
  const companyPassword = options.companyPassword ?? defaults.companyPassword;
  const now = options.now ?? systemClock;
  const { world } = options;
  const state = seedState(world, { companyId, companyPassword });
  const createdIds = world.random('leasey:created');
  const activity = world.random('leasey:activity');

  const send = (reply: FastifyReply, result: object | Failure, okStatus = 200) =>
    isFailure(result) ? reply.code(result.status).send(result.body) : reply.code(okStatus).send(result);

  const authorizeRead = (request: FastifyRequest): Company | Failure => {
    const query = request.query as RawQuery;
    const tokenFailure = checkToken(token, request.headers.authorization, query);
    if (tokenFailure !== null) return tokenFailure;
    const id = companyIdFromQuery(query);
    return isFailure(id) ? id : checkCompany(state, id, passwordHeader(request.headers));
  };

  const authorizeWrite = (request: FastifyRequest): { company: Company; property: unknown } | Failure => {
    const tokenFailure = checkToken(token, request.headers.authorization, request.query as RawQuery);
    if (tokenFailure !== null) return tokenFailure;
    const body: unknown = request.body;
    if (body instanceof MalformedJson) return fail(400, `Malformed JSON body: ${body.reason}`);
    if (!isObject(body)) return fail(400, 'The body must be a JSON object with company_id, password and property');
    const id = companyIdFromBody(body['company_id']);
    if (isFailure(id)) return id;
    const password = body['password'];
    if (password !== undefined && typeof password !== 'string') return fail(400, `"password" must be a string, got ${typeof password}`);
    const company = checkCompany(state, id, password);
    if (isFailure(company)) return company;
    if (body['property'] === undefined) return fail(400, 'property is required');
    return { company, property: body['property'] };
  };

  const window = (query: RawQuery, defaultStart: string | undefined): DateWindow | Failure => {
    const start = dateParam(query, 'start_date');
    if (isFailure(start)) return start;
    const end = dateParam(query, 'end_date');
    if (isFailure(end)) return end;
    return { start: start ?? defaultStart, end };
  };

  const routes = (scope: FastifyInstance) => {
    // Bodies are read as JSON whatever their Content-Type, and a malformed one reaches
    // the route, so that it is answered in Leasey's format after the token check.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, parseBody(String(body))));

    for (const [url, allowed] of ROUTE_METHODS) {
      for (const method of METHODS) {
        if (method === allowed) continue;
        scope.route({
          method, url,
          handler: async (_request, reply) =>
            reply.code(405).header('allow', allowed).send(fail(405, `${method} is not supported on ${url}; use ${allowed}`).body),
        });
      }
    }

    scope.get('/reports/showings', async (request, reply) => {
      const company = authorizeRead(request);
      if (isFailure(company)) return send(reply, company);
      const dates = window(request.query as RawQuery, startOfYear(now()));
      return isFailure(dates) ? send(reply, dates) : showingRows(state, company.id, dates, now());
    });

    scope.get('/reports/leads', async (request, reply) => {
      const company = authorizeRead(request);
      if (isFailure(company)) return send(reply, company);
      const dates = window(request.query as RawQuery, startOfYear(now()));
      if (isFailure(dates)) return send(reply, dates);
      return companyLeads(state, company.id, dates).map(({ lead, property }) => leadRow(state, lead, property));
    });

    // "Always returns all properties - date parameters are not applicable": they are ignored.
    scope.get('/reports/properties', async (request, reply) => {
      const company = authorizeRead(request);
      return isFailure(company) ? send(reply, company) : propertyRows(state, company.id, now());
    });

    scope.get('/properties/leads', async (request, reply) => {
      const company = authorizeRead(request);
      if (isFailure(company)) return send(reply, company);
      const query = request.query as RawQuery;
      const dates = window(query, undefined);
      if (isFailure(dates)) return send(reply, dates);
      const limit = limitParam(query);
      if (isFailure(limit)) return send(reply, limit);
      const wanted = single(query, 'property_id');
      let propertyId: number | undefined;
      if (wanted !== undefined && wanted !== '') {
        if (!/^(\d{1,15}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.test(wanted)) {
          return send(reply, fail(400, `property_id must be a UUID (or an integer Property_ID), got ${JSON.stringify(wanted)}`));
        }
        const property = findProperty(state, company.id, wanted);
        if (isFailure(property)) return send(reply, property);
        propertyId = property.id;
      }
      return leadPage(state, company.id, dates, propertyId, limit);
    });

    scope.post('/properties', async (request, reply) => {
      const auth = authorizeWrite(request);
      if (isFailure(auth)) return send(reply, auth);
      const input = validateProperty(auth.property, { mode: 'create', hasBuilding: false });
      if (isFailure(input)) return send(reply, input);
      return send(reply, createProperty(state, auth.company, input, createdIds, now()), 201);
    });

    scope.put('/properties/:property_id', async (request, reply) => {
      const auth = authorizeWrite(request);
      if (isFailure(auth)) return send(reply, auth);
      const property = findProperty(state, auth.company.id, (request.params as { property_id: string }).property_id);
      if (isFailure(property)) return send(reply, property);
      const input = validateProperty(auth.property, { mode: 'update', hasBuilding: property.buildingId !== null });
      if (isFailure(input)) return send(reply, input);
      return send(reply, updateProperty(state, auth.company, property, input, now()));
    });
  };

  const server = await startSimServer({
    name: 'leasey',
    routes: (app) => {
      app.register(async (scope) => routes(scope));
    },
    openapi: leaseyOpenApi,
    ...(options.port !== undefined && { port: options.port }),
    ...(options.faults !== undefined && { faults: options.faults }),
  });
  return {
    vendor: 'leasey',
    server,
    env: {
      LEASEY_BASE_URL: server.origin,
      LEASEY_API_TOKEN: token,
      LEASEY_COMPANY_ID: String(companyId),
      LEASEY_COMPANY_PASSWORD: companyPassword,
    },
    activityTick: async () => activityStep(state, activity, now()),
    close: () => server.close(),
  };
}
