import type { GraphQLResolveInfo } from 'graphql';
import type { MutationResolvers, Resolvers } from '../../generated/resolvers.js';
import type { WriteField, WriteSignatures } from '../../ports/writes.js';
import type { GatewayContext } from '../../request/scope.js';
import { runIdentityChange, type IdentityChangeSignatures } from '../../request/identity-changes.js';
import { runWrite } from '../../request/writes.js';
import type { IdentityChange } from '../../access/audited.js';

/** A Mutation field, run by the vendor module that writes it (request/writes.ts says how). */
const write = <F extends WriteField>(field: F) =>
  (_root: unknown, args: WriteSignatures[F]['args'], context: GatewayContext, info: GraphQLResolveInfo) => runWrite(context, field, args, info);

/** An identity administration field, run on the identity index (request/identity-changes.ts says how). */
const identityChange = <F extends IdentityChange>(field: F) =>
  (_root: unknown, args: IdentityChangeSignatures[F], context: GatewayContext, info: GraphQLResolveInfo) => runIdentityChange(context, field, args, info);

/**
 * The Mutation type: each field is one documented vendor write (ports/writes.ts), or
 * one identity change (request/identity-changes.ts).
 * Answers are domain models, rendered by the read resolvers. Typed as every field of
 * the schema's Mutation, so the schema, the write port and this list cannot drift apart.
 */
const mutation: Required<Omit<MutationResolvers, '__isTypeOf'>> = {
  scheduleShowing: write('scheduleShowing'),
  generateLockboxCode: write('generateLockboxCode'),
  installLockbox: write('installLockbox'),
  uninstallLockbox: write('uninstallLockbox'),
  createLockboxes: write('createLockboxes'),
  transferLockboxes: write('transferLockboxes'),
  assignProspect: write('assignProspect'),
  upsertUnit: write('upsertUnit'),
  createListing: write('createListing'),
  updateListing: write('updateListing'),
  upsertMultifamilyProperty: write('upsertMultifamilyProperty'),
  upsertFloorplan: write('upsertFloorplan'),
  linkRecords: identityChange('linkRecords'),
  unlinkRecord: identityChange('unlinkRecord'),
  clearIdentityOverride: identityChange('clearIdentityOverride'),
};

export const mutationResolvers: Resolvers[] = [{ Mutation: mutation }];
