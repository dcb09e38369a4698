import type { FastifyInstance } from 'fastify';
import type { RawQuery } from '../kit/query.js';
import { createLockboxesSchema, createLockboxEventsSchema, generateCodeSchema, transferLockboxesSchema } from './bodies.js';
import { filterKey, hasFilters, requireAccount, requireUnit, type RouteContext } from './context.js';
import { lockboxEventsQuery, lockboxesQuery, lockboxInstallationsQuery } from './queries.js';
import type { Lockbox, LockboxEvent, LockboxInstallation } from './types.js';
import { badRequest, checkBody, missing, notFound, page, parseQuery } from './validate.js';

interface LockboxEventInput { lockbox_id: string; event_type: 'Install' | 'Uninstall'; unit_id: number; metadata?: { installer_id?: string; notes?: string } }
interface GenerateCodeInput { lockbox_id?: string; serial_number?: string; unit_id?: number; date: string; created_for?: string; code_type?: 'ACCESS' | 'SHACKLE' }

const unique = <T>(items: readonly T[]) => [...new Set(items)];
const describe = (lockbox: Lockbox) => `lockbox ${lockbox.id} (serial ${lockbox.serial_number})`;

/** The GETs of the Lockboxes, Lockbox Events and Lockbox Installations tags. */
function lockboxReads(app: FastifyInstance, context: RouteContext): void {
  const { store } = context;

  app.get('/lockboxes', async (request) => {
    const query = parseQuery(request.query as RawQuery, lockboxesQuery, true);
    if (!hasFilters(query)) return page(store.lockboxes.rows, query);
    const list = store.cachedList(filterKey('lockboxes', query), () => {
      const serials = query.serial_numbers === undefined ? undefined : new Set(query.serial_numbers);
      const ids = query.lockbox_ids === undefined ? undefined : new Set(query.lockbox_ids);
      const candidates: readonly Lockbox[] = ids !== undefined ? [...ids].flatMap((id) => store.lockboxes.get(id) ?? [])
        : serials !== undefined ? [...serials].flatMap((s) => store.findLockboxBySerial(s) ?? [])
        : store.lockboxes.rows;
      return candidates.filter((l) => (serials === undefined || serials.has(l.serial_number))
        && (query.account_id === undefined || l.account_id === query.account_id)
        && (query.lockbox_type === undefined || l.lockbox_type === query.lockbox_type));
    });
    return page(list, query);
  });

  app.get('/lockbox_events', async (request) => {
    const query = parseQuery(request.query as RawQuery, lockboxEventsQuery, true);
    if (!hasFilters(query)) return page(store.lockboxEvents.rows, query);
    const list = store.cachedList(filterKey('lockbox_events', query), () => {
      const lockboxIds = query.lockbox_ids === undefined ? undefined : new Set(query.lockbox_ids);
      const serialIds = query.serial_numbers === undefined ? undefined : new Set(query.serial_numbers.flatMap((s) => store.findLockboxBySerial(s)?.id ?? []));
      const types = query.event_types === undefined ? undefined : new Set<string>(query.event_types);
      const units = query.unit_ids === undefined ? undefined : new Set(query.unit_ids.map(String));
      const candidates: readonly LockboxEvent[] = query.lockbox_event_ids === undefined
        ? store.lockboxEvents.rows
        : unique(query.lockbox_event_ids).flatMap((id) => store.lockboxEvents.get(id) ?? []);
      return candidates.filter((e) => (lockboxIds === undefined || lockboxIds.has(e.lockbox_id))
        && (serialIds === undefined || serialIds.has(e.lockbox_id))
        && (query.account_id === undefined || e.account_id === query.account_id)
        && (query.lockbox_type === undefined || store.lockboxes.get(e.lockbox_id)?.lockbox_type === query.lockbox_type)
        && (types === undefined || types.has(e.event_type))
        && (units === undefined || units.has(e.unit_id))
        && (query.created_at_from === undefined || Date.parse(e.created_at) >= query.created_at_from)
        && (query.created_at_to === undefined || Date.parse(e.created_at) <= query.created_at_to));
    });
    return page(list, query);
  });

  app.get('/lockbox_installations', async (request) => {
    const query = parseQuery(request.query as RawQuery, lockboxInstallationsQuery, true);
    if (!hasFilters(query)) return page(store.installations.rows, query);
    const list = store.cachedList(filterKey('lockbox_installations', query), () => {
      const lockboxIds = query.lockbox_ids === undefined ? undefined : new Set(query.lockbox_ids);
      const units = query.unit_ids === undefined ? undefined : new Set(query.unit_ids.map(String));
      return store.installations.rows.filter((i: LockboxInstallation) => (lockboxIds === undefined || lockboxIds.has(i.lockbox_id))
        && (units === undefined || units.has(i.unit_id))
        && (query.active === undefined || (i.uninstalled_at === null) === query.active));
    });
    return page(list, query);
  });
}

/** Checks a batch of Install/Uninstall events in order, as if each earlier one had happened; nothing is written on failure. */
function planLockboxEvents(context: RouteContext, events: readonly LockboxEventInput[]): { lockbox: Lockbox; event: LockboxEventInput }[] {
  const { store } = context;
  const installedAt = new Map<string, string | null>();
  return events.map((event, i) => {
    const lockbox = store.lockboxes.get(event.lockbox_id.toLowerCase());
    if (lockbox === undefined) throw badRequest(`events[${i}].lockbox_id: no lockbox ${event.lockbox_id} (GET /lockboxes lists them)`);
    if (store.units.get(event.unit_id) === undefined) throw badRequest(`events[${i}].unit_id: no unit ${event.unit_id}`);
    const current = installedAt.has(lockbox.id) ? installedAt.get(lockbox.id)! : store.openInstallation(lockbox.id)?.unit_id ?? null;
    if (event.event_type === 'Install') {
      if (current !== null) throw badRequest(`events[${i}]: ${describe(lockbox)} is already installed at unit ${current}; record an Uninstall first`);
      installedAt.set(lockbox.id, String(event.unit_id));
    } else {
      if (current === null) throw badRequest(`events[${i}]: ${describe(lockbox)} is not installed anywhere, so it cannot be uninstalled`);
      if (current !== String(event.unit_id)) throw badRequest(`events[${i}]: ${describe(lockbox)} is installed at unit ${current}, not at unit ${event.unit_id}`);
      installedAt.set(lockbox.id, null);
    }
    return { lockbox, event };
  });
}

/** The lockbox a generate_code request names; every locator given must name the same one. */
function locateLockbox(context: RouteContext, input: GenerateCodeInput): Lockbox {
  const { store } = context;
  const found: Lockbox[] = [];
  if (input.lockbox_id !== undefined) {
    const lockbox = store.lockboxes.get(input.lockbox_id.toLowerCase());
    if (lockbox === undefined) throw notFound(`Lockbox ${input.lockbox_id} not found`);
    found.push(lockbox);
  }
  if (input.serial_number !== undefined) {
    const lockbox = store.findLockboxBySerial(input.serial_number);
    if (lockbox === undefined) throw notFound(`No lockbox has serial number ${input.serial_number}`);
    found.push(lockbox);
  }
  if (input.unit_id !== undefined) {
    requireUnit(context, input.unit_id);
    const installed = store.installationsAt(input.unit_id).at(-1);
    if (installed === undefined) throw notFound(`No lockbox is installed at unit ${input.unit_id}`);
    found.push(store.lockboxes.get(installed.lockbox_id)!);
  }
  const [first] = found;
  if (first === undefined) {
    throw badRequest('one of lockbox_id, serial_number or unit_id is required to find the lockbox', missing(['lockbox_id', 'serial_number', 'unit_id']));
  }
  if (found.some((l) => l !== first)) throw badRequest(`lockbox_id, serial_number and unit_id name different lockboxes: ${unique(found.map((l) => l.id)).join(', ')}`);
  return first;
}

export function lockboxRoutes(app: FastifyInstance, context: RouteContext): void {
  const { store } = context;
  lockboxReads(app, context);

  app.post('/lockboxes', async (request, reply) => {
    const lockboxType = (request.body as { lockbox_type?: unknown } | null)?.lockbox_type;
    if (typeof lockboxType === 'string' && lockboxType !== 'Sentrilock') {
      throw badRequest(`only Sentrilock lockboxes can be created through the API, got lockbox_type ${JSON.stringify(lockboxType)} (Codebox lockboxes are managed in the app)`);
    }
    const input = checkBody<{ serial_numbers: string[]; account_id: string }>(createLockboxesSchema, request.body);
    requireAccount(context, input.account_id, 'account_id');
    const serials = input.serial_numbers.map((s) => s.trim());
    const repeated = serials.find((s, i) => serials.indexOf(s) !== i);
    if (repeated !== undefined) throw badRequest(`serial number ${repeated} appears twice in serial_numbers`);
    for (const serial of serials) {
      const existing = store.findLockboxBySerial(serial);
      if (existing !== undefined) throw badRequest(`serial number ${serial} is already registered as lockbox ${existing.id}`);
    }
    return reply.code(201).send(serials.map((serial) => store.insertLockbox(serial, input.account_id.toLowerCase())));
  });

  app.post('/lockboxes/transfer_accounts', async (request) => {
    const input = checkBody<{ lockbox_ids: string[]; new_account_id: string }>(transferLockboxesSchema, request.body);
    requireAccount(context, input.new_account_id, 'new_account_id');
    const ids = unique(input.lockbox_ids.map((id) => id.toLowerCase()));
    const absent = ids.filter((id) => store.lockboxes.get(id) === undefined);
    if (absent.length > 0) throw notFound(`Lockboxes not found: ${absent.join(', ')}`);
    return ids.map((id) => store.moveLockbox(store.lockboxes.get(id)!, input.new_account_id.toLowerCase()));
  });

  app.post('/lockboxes/generate_code', async (request) => {
    const input = checkBody<GenerateCodeInput>(generateCodeSchema, request.body);
    const lockbox = locateLockbox(context, input);
    // Yesterday by UTC is still today west of UTC, where the lockbox may be.
    const yesterday = new Date(store.now().getTime() - 86_400_000).toISOString().slice(0, 10);
    if (input.date < yesterday) throw badRequest(`date must be today or later (YYYY-MM-DD), got ${input.date}`);
    const installation = store.openInstallation(lockbox.id);
    if (installation === undefined) throw badRequest(`${describe(lockbox)} is not installed at any unit; record an Install event before generating a code`);
    const codeType = input.code_type ?? 'ACCESS';
    const code = String(context.random.int(1_000_000, 9_999_999));
    store.recordLockboxEvent(lockbox, 'Generate Code', Number(installation.unit_id), {
      date: input.date, code_type: codeType, ...(input.created_for !== undefined && { created_for: input.created_for }),
    });
    const unit = store.units.get(Number(installation.unit_id));
    const target = codeType === 'SHACKLE' ? 'release the shackle' : 'open the key compartment';
    return {
      code,
      lockboxType: lockbox.lockbox_type,
      instructions: `On ${input.date}, wake the SentriLock box (serial ${lockbox.serial_number})${unit === undefined ? '' : ` at ${unit.address.formatted_address}`} by pressing the top, enter ${code} and press Enter to ${target}.`,
    };
  });

  app.post('/lockbox_events', async (request, reply) => {
    const input = checkBody<{ events: LockboxEventInput[] }>(createLockboxEventsSchema, request.body);
    const planned = planLockboxEvents(context, input.events);
    const written = planned.map(({ lockbox, event }) => store.recordLockboxEvent(lockbox, event.event_type, event.unit_id, { source: 'api', ...event.metadata }));
    return reply.code(201).send(written);
  });
}
