import { leaseStatusOf, nextLeaseStatusChange } from '../../domain/leases.js';
import type { LeaseModel, LeaseStatus } from '../../domain/models.js';
import type { GatewayContext } from '../../request/scope.js';

/**
 * A lease's status at `now` as a response shows it (or filters by it): the response
 * stops being true when the status next changes, which its inputs are told, so a kept
 * answer is not served past a lease's start or end (src/cache/).
 */
export function leaseStatusShown(context: GatewayContext, lease: LeaseModel, now: Date): LeaseStatus | null {
  const next = nextLeaseStatusChange(lease, now);
  if (next !== null) context.inputs.changesAt(next);
  return leaseStatusOf(lease, now);
}
