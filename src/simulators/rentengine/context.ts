import type { Random } from '../world/index.js';
import type { RentengineStore } from './store.js';
import { forbidden, notFound } from './validate.js';
import type { Unit } from './types.js';

/** What every route module gets. */
export interface RouteContext {
  store: RentengineStore;
  /** Seeded draws for generated values (lockbox codes). */
  random: Random;
}

/** A token may act on its user's accounts only; any other account id is a 403. */
export function requireAccount(context: RouteContext, accountId: string, field: string): void {
  if (!context.store.accounts.has(accountId.toLowerCase())) {
    throw forbidden(`${field} ${accountId} is not an account this token can access; accessible: ${[...context.store.accounts.keys()].join(', ')}`);
  }
}

export function requireUnit(context: RouteContext, unitId: number): Unit {
  const unit = context.store.units.get(unitId);
  if (unit === undefined) throw notFound(`Unit ${unitId} not found`);
  return unit;
}

/** A filter key for the store's list cache: the parsed query without its paging. */
export function filterKey(route: string, query: Record<string, unknown>): string {
  const { limit: _limit, page_number: _page, ...filters } = query;
  return `${route}?${JSON.stringify(filters)}`;
}

export const hasFilters = (query: Record<string, unknown>): boolean =>
  Object.keys(query).some((name) => name !== 'limit' && name !== 'page_number');
