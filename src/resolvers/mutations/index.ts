import type { GraphQLResolveInfo } from 'graphql';
import type { MutationResolvers, Resolvers } from '../../generated/resolvers.js';
import type { WriteField, WriteSignatures } from '../../ports/writes.js';
import type { GatewayContext } from '../../request/scope.js';
import { runWrite } from '../../request/writes.js';

/** A Mutation field, run by the vendor module that writes it (request/writes.ts says how). */
const write = <F extends WriteField>(field: F) =>
  (_root: unknown, args: WriteSignatures[F]['args'], context: GatewayContext, info: GraphQLResolveInfo) => runWrite(context, field, args, info);

/**
 * The Mutation type: each field is one documented vendor write (ports/writes.ts).
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
};

export const mutationResolvers: Resolvers[] = [{ Mutation: mutation }];
