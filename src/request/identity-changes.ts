import type { GraphQLResolveInfo } from 'graphql';
import { auditedIdentityChange, type IdentityChange } from '../access/audited.js';
import type { UnitParent } from '../domain/models.js';
import type { IdentityEdit } from '../identity/edits.js';
import type { MutationClearIdentityOverrideArgs, MutationLinkRecordsArgs, MutationUnlinkRecordArgs } from '../generated/graphql.js';
import type { GatewayContext } from './scope.js';

export interface IdentityChangeSignatures {
  linkRecords: MutationLinkRecordsArgs;
  unlinkRecord: MutationUnlinkRecordArgs;
  clearIdentityOverride: MutationClearIdentityOverrideArgs;
}

/**
 * How the identity administration fields run: audited under the ADMIN scope
 * (access/audited.ts), after the index's first sync (the change is checked against the
 * records it holds), stored and applied to the index in one transaction (identity/edits.ts),
 * answered with the unit of the record the change names, as the index now holds it.
 * Repeating a change that already holds changes nothing and answers the same unit.
 */
export function runIdentityChange<F extends IdentityChange>(scope: GatewayContext, field: F, args: IdentityChangeSignatures[F], info: GraphQLResolveInfo): Promise<UnitParent> {
  return auditedIdentityChange(scope, field, args as unknown as Record<string, unknown>, async () => {
    const { identity } = scope.gateway;
    await identity.ready();
    const anchor = await identity.edit(editOf(field, args), scope.client.name);
    scope.refreshDirectory();
    const unit = await scope.directory.byRef(anchor);
    // The change and the read of its answer are separate statements: a sync may drop the record in between.
    if (unit === null) throw new Error(`the identity index holds no unit of ${anchor.vendor}:${anchor.externalId} right after ${field} placed it`);
    return unit;
  }, info.schema);
}

function editOf<F extends IdentityChange>(field: F, args: IdentityChangeSignatures[F]): IdentityEdit {
  const request = { field, args } as { [K in IdentityChange]: { field: K; args: IdentityChangeSignatures[K] } }[IdentityChange];
  switch (request.field) {
    case 'linkRecords': return { kind: 'link', records: request.args.records };
    case 'unlinkRecord': return { kind: 'unlink', record: request.args.record };
    case 'clearIdentityOverride': return { kind: 'clear', record: request.args.record };
    default: {
      const unreachable: never = request;
      throw new Error(`unknown identity change ${JSON.stringify(unreachable)}`);
    }
  }
}
