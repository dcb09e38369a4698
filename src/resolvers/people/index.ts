import type { GatewayContext } from '../../request/scope.js';
import { refKey } from '../../domain/ids.js';
import type { ProspectModel, TenantModel } from '../../domain/models.js';
import type { PersonMatch } from '../../generated/graphql.js';
import type { Resolvers } from '../../generated/resolvers.js';
import { degrade } from '../common/partial.js';
import { unique } from '../common/records.js';

/**
 * One person across vendors (schema/people.graphql): a prospect or a protocol contact is
 * a tenant on a lease when their emails match, or, where one of them has no email, their
 * phone numbers do and no other tenant shares the number. Tenant.prospects is the
 * inverse of Prospect.tenant, so the two always agree. The index is built once per
 * request from every tenant (the vendors' leases) and every prospect.
 */

export function normalEmail(email: string | null): string | null {
  const trimmed = email?.trim().toLowerCase() ?? '';
  return trimmed === '' ? null : trimmed;
}

/** Digits only; a leading 1 before ten digits (US/Canada) dropped; fewer than 7 digits is no number. */
export function normalPhone(phone: string | null): string | null {
  let digits = phone?.replace(/\D/g, '') ?? '';
  if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
  return digits.length >= 7 ? digits : null;
}

interface Person { email: string | null; phone: string | null }
export interface TenantMatch { tenant: TenantModel; by: PersonMatch }

interface PeopleIndex {
  tenantOf(person: Person): TenantMatch | null;
  /** By tenant ref key: the prospects whose tenant it is. */
  prospectsOf(tenant: TenantModel): ProspectModel[];
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key !== null) groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
}

/** The tenant a person is: the first (by vendor and id) with the same email; by phone only when one side has no email and the number names one tenant. */
export function matchTenant(person: Person, byEmail: Map<string, TenantModel[]>, byPhone: Map<string, TenantModel[]>): TenantMatch | null {
  const email = normalEmail(person.email);
  if (email !== null) {
    const tenant = byEmail.get(email)?.[0];
    if (tenant !== undefined) return { tenant, by: 'EMAIL' };
  }
  const phone = normalPhone(person.phone);
  if (phone === null) return null;
  const candidates = (byPhone.get(phone) ?? []).filter((tenant) => email === null || normalEmail(tenant.email) === null);
  return candidates.length === 1 ? { tenant: candidates[0]!, by: 'PHONE' } : null;
}

async function buildIndex(context: GatewayContext): Promise<PeopleIndex> {
  const [leases, prospects] = await Promise.all([
    Promise.all(context.offering('leases').map(({ reads }) => reads.allLeases())),
    Promise.all(context.offering('prospects').map(({ reads }) => reads.list({}))),
  ]);
  const tenants = unique(leases.flat().flatMap((lease) => lease.tenants)).sort((a, b) => refKey(a).localeCompare(refKey(b)));
  const byEmail = groupBy(tenants, (t) => normalEmail(t.email));
  const byPhone = groupBy(tenants, (t) => normalPhone(t.phone));
  const prospectsByTenant = new Map<string, ProspectModel[]>();
  for (const prospect of unique(prospects.flat())) {
    const match = matchTenant(prospect, byEmail, byPhone);
    if (match === null) continue;
    const key = refKey(match.tenant);
    prospectsByTenant.set(key, [...(prospectsByTenant.get(key) ?? []), prospect]);
  }
  return {
    tenantOf: (person) => matchTenant(person, byEmail, byPhone),
    prospectsOf: (tenant) => prospectsByTenant.get(refKey(tenant)) ?? [],
  };
}

const indexes = new WeakMap<GatewayContext, Promise<PeopleIndex>>();

/** This request's index; a failed build is not kept, so a later field may try again. */
function peopleIndex(context: GatewayContext): Promise<PeopleIndex> {
  let index = indexes.get(context);
  if (index === undefined) {
    index = buildIndex(context);
    indexes.set(context, index);
    index.catch(() => indexes.delete(context));
  }
  return index;
}

const tenantOf = (person: Person, context: GatewayContext) => peopleIndex(context).then((index) => index.tenantOf(person));

export const peopleResolvers: Resolvers = {
  Tenant: {
    prospects: (tenant, _args, context, info) => degrade(context, info, [], async () => (await peopleIndex(context)).prospectsOf(tenant)),
  },
  Prospect: {
    tenant: (prospect, _args, context, info) => degrade(context, info, null, async () => (await tenantOf(prospect, context))?.tenant ?? null),
    tenantMatchedBy: (prospect, _args, context, info) => degrade(context, info, null, async () => (await tenantOf(prospect, context))?.by ?? null),
  },
  ProtocolContact: {
    tenant: (contact, _args, context, info) => degrade(context, info, null, async () => (await tenantOf({ email: contact.email, phone: null }, context))?.tenant ?? null),
    tenantMatchedBy: (contact, _args, context, info) => degrade(context, info, null, async () => (await tenantOf({ email: contact.email, phone: null }, context))?.by ?? null),
  },
};
