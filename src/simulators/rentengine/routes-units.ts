import type { FastifyInstance } from 'fastify';
import type { RawQuery } from '../kit/query.js';
import { ADDRESS_PARTS, UNIT_CREATE_REQUIRED, unitBodySchema } from './bodies.js';
import { filterKey, hasFilters, requireAccount, requireUnit, type RouteContext } from './context.js';
import { unitsQuery } from './queries.js';
import type { Unit, UnitAddress } from './types.js';
import { badRequest, checkBody, missing, page, parseQuery, type ParsedQuery } from './validate.js';

type UnitAddressInput = Pick<UnitAddress, (typeof ADDRESS_PARTS)[number]> & { unit?: string | null; country?: string };

/** POST /units as checked against unitBodySchema. */
export interface UnitInput {
  id?: number;
  address?: UnitAddressInput;
  property_type?: Unit['property_type'];
  bedrooms?: number;
  bathrooms?: number;
  sqft?: number;
  target_rental_rate?: number | string;
  num_parking_spots?: number | string;
  structured_access_instructions?: Record<string, unknown>;
  showing_method?: Unit['showing_method'];
  account_id?: string;
  prescreen_template_id?: string | null;
  [field: string]: unknown;
}

function unitsMatching(context: RouteContext, query: ParsedQuery<typeof unitsQuery>): readonly Unit[] {
  const { store } = context;
  if (!hasFilters(query)) return store.units.rows;
  return store.cachedList(filterKey('units', query), () => {
    const statuses = query.statuses === undefined ? undefined : new Set<string>(query.statuses);
    const zips = query.zip_codes === undefined ? undefined : new Set(query.zip_codes);
    const city = query.city?.toLowerCase();
    const candidates = query.unitIds === undefined
      ? store.units.rows
      : [...new Set(query.unitIds)].sort((a, b) => a - b).flatMap((id) => store.units.get(id) ?? []);
    return candidates.filter((u) =>
      (query.extracted_from === undefined || u.extracted_from === query.extracted_from)
      && (query.accountId === undefined || u.account_id === query.accountId)
      && (statuses === undefined || statuses.has(u.status))
      && (query.updated_after === undefined || Date.parse(u.updated_at) >= query.updated_after)
      && (query.updated_before === undefined || Date.parse(u.updated_at) < query.updated_before)
      && (city === undefined || u.address.city.toLowerCase() === city)
      && (zips === undefined || zips.has(u.address.zip_code)));
  });
}

function formatAddress(a: UnitAddressInput): UnitAddress {
  const unit = a.unit === undefined || a.unit === null || a.unit === '' ? null : a.unit;
  return {
    formatted_address: `${a.street_number} ${a.street_name}${unit === null ? '' : ` ${unit}`}, ${a.city}, ${a.state} ${a.zip_code}, USA`,
    street_number: a.street_number, street_name: a.street_name, unit, city: a.city, state: a.state, zip_code: a.zip_code,
    country: a.country ?? 'United States',
  };
}

/** The body fields that map straight onto the unit, with numbers written as the API returns them. */
function unitPatch(input: UnitInput): Partial<Unit> {
  const { id: _id, address, bedrooms, bathrooms, sqft, target_rental_rate, num_parking_spots, ...rest } = input;
  const known = Object.fromEntries(Object.entries(rest).filter(([name]) => name in (unitBodySchema.properties ?? {})));
  return {
    ...known,
    ...(address !== undefined && { address: formatAddress(address) }),
    ...(bedrooms !== undefined && { bedrooms: String(bedrooms) }),
    ...(bathrooms !== undefined && { bathrooms: String(bathrooms) }),
    ...(sqft !== undefined && { sqft: String(sqft) }),
    ...(target_rental_rate !== undefined && { target_rental_rate: String(target_rental_rate) }),
    ...(num_parking_spots !== undefined && { num_parking_spots: String(num_parking_spots) }),
  } as Partial<Unit>;
}

/** Partial address updates are refused, naming the parts that are missing. */
function checkAddressComplete(body: unknown): void {
  if (typeof body !== 'object' || body === null) return;
  const address = (body as { address?: unknown }).address;
  if (typeof address !== 'object' || address === null || Array.isArray(address)) return;
  const absent = ADDRESS_PARTS.filter((part) => (address as Record<string, unknown>)[part] === undefined);
  if (absent.length > 0) {
    throw badRequest(
      `address must include all of ${ADDRESS_PARTS.join(', ')} (partial address updates are not supported); missing: ${absent.join(', ')}`,
      missing(absent, '/address'),
    );
  }
}

export function unitRoutes(app: FastifyInstance, context: RouteContext): void {
  const { store } = context;

  app.get('/units', async (request) => {
    const query = parseQuery(request.query as RawQuery, unitsQuery, true);
    return page(unitsMatching(context, query), query);
  });

  app.post('/units', async (request, reply) => {
    checkAddressComplete(request.body);
    const input = checkBody<UnitInput>(unitBodySchema, request.body);
    if (input.structured_access_instructions !== undefined && input.showing_method === undefined) {
      throw badRequest('structured_access_instructions needs showing_method set in the same request (the instructions differ per showing method)', missing(['showing_method']));
    }
    if (input.account_id !== undefined) requireAccount(context, input.account_id, 'account_id');
    if (input.prescreen_template_id !== undefined && input.prescreen_template_id !== null && store.templates.get(input.prescreen_template_id.toLowerCase()) === undefined) {
      throw badRequest(`prescreen_template_id ${input.prescreen_template_id} does not name a prescreening template (GET /prescreening_templates lists them)`);
    }
    const patch = unitPatch(input);
    if (patch.account_id !== undefined) patch.account_id = patch.account_id.toLowerCase();

    if (input.id !== undefined) return store.updateUnit(requireUnit(context, input.id), patch);

    const absent = UNIT_CREATE_REQUIRED.filter((name) => input[name] === undefined);
    if (absent.length > 0) {
      throw badRequest(`creating a unit (no id) needs ${UNIT_CREATE_REQUIRED.join(', ')}; missing: ${absent.join(', ')}`, missing(absent));
    }
    const { address, property_type, bedrooms, bathrooms, ...others } = patch;
    const unit = store.insertUnit({
      address: address!, property_type: property_type!, bedrooms: bedrooms!, bathrooms: bathrooms!,
      sqft: null, furnished: false, renovated: 'No', num_parking_spots: '0', laundry: 'None', status: 'Incomplete',
      is_occupied: false, target_rental_rate: null, earliest_move_in_date: null, earliest_showing_date: null,
      year_built: null, amenities: [], highlighted_amenities: [], allow_cooperating_brokers: null,
      desired_lease_duration_months: [12], pets_allowed: null, pet_restrictions: '', pet_fees: [], monthly_fees: [],
      hoa_app_required: null, hoa_app_fee: null, hoa_application_url: null, key_access: '', parking_type: [],
      showing_method: 'Accompanied', structured_access_instructions: null, marketing_description: '',
      accepts_vouchers: false, prescreen_template_id: null, account_id: store.mainAccountId, extracted_from: null,
      ...others,
    });
    return reply.code(201).send(unit);
  });
}
