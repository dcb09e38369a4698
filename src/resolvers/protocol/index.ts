import type { Resolvers } from '../../generated/resolvers.js';
import { idOfRef, parseRefKey } from '../../domain/ids.js';
import type { ProtocolModel, ProtocolPdfModel, SourceRef } from '../../domain/models.js';
import { loadAll } from '../../ports/batching.js';
import { emptyConnection, memberIds } from '../common/records.js';
import { freshnessOfRecord, storedAtUnitOr, storedOr } from '../common/store-query.js';
import { VendorError } from '../../errors.js';
import { paginateList } from '../common/connection.js';
import { degrade } from '../common/partial.js';
import { registerNodeLookup } from '../node-lookup.js';

/**
 * Handover protocols, from every vendor that keeps them. The list of live protocols and
 * each unit's come from the store once it holds the vendor (in the same order, with the
 * same cursors), else from the vendor's per-request reads, as does a list with
 * soft-deleted ones; a PDF link is asked for only when `pdf` is selected, one protocol at
 * a time.
 */

registerNodeLookup('Protocol', async (key, context) => {
  const ref = parseRefKey(key);
  const protocols = context.reads(ref.vendor)?.protocols;
  if (protocols === undefined) return null;
  const live = () => protocols.byId.load(ref.externalId);
  // The read model keeps live protocols only; a soft-deleted one, which the vendor still serves by id, is asked for there.
  const stored = await storedOr(context, 'PROTOCOL', ref, live);
  return stored === null && (await context.readModel.holds(ref.vendor)) ? live() : stored;
});

/** Newest first, as vendors list them; the id breaks ties so the order is total. Dates are UTC ISO strings. */
const positionOf = (protocol: ProtocolModel): string => `${protocol.createdAt ?? ''}|${protocol.externalId}`;
const newestFirst = (a: string, b: string): number => (a < b ? 1 : a > b ? -1 : 0);

/**
 * The link as the client hands it out (kept only while it has more than a minute left);
 * checked once more here, so the graph never returns a link that has already expired.
 */
export function checkPdfLink(pdf: ProtocolPdfModel, protocol: SourceRef, nowMillis = Date.now()): ProtocolPdfModel {
  const expiresAtMillis = Date.parse(pdf.expiresAt);
  if (!(expiresAtMillis > nowMillis)) {
    throw new VendorError({
      code: 'VENDOR_BAD_RESPONSE',
      vendor: protocol.vendor,
      message: `${protocol.vendor} gave a PDF link for protocol ${protocol.externalId} that expires at ${pdf.expiresAt}, which is not after now (${new Date(nowMillis).toISOString()}); expected a link still valid`,
    });
  }
  return pdf;
}

export const protocolResolvers: Resolvers = {
  Query: {
    protocols: async (_root, args, context, info) => {
      paginateList('protocols', [], args, () => '');
      return degrade(context, info, emptyConnection<ProtocolModel>(), async () => {
        const includeDeleted = args.filter?.includeDeleted === true;
        const protocols = (await Promise.all(context.offering('protocols').map(async ({ vendor, reads }) =>
          // The read model keeps live protocols only: a list with soft-deleted ones is the vendor's.
          includeDeleted
            ? reads.list({ includeDeleted })
            : context.readModel.storedOrLive(
              vendor,
              async () => (await context.readModel.queries.records.withIdPrefix<ProtocolModel>('PROTOCOL', vendor, '')).map((record) => record.model),
              () => reads.list({ includeDeleted }),
            )))).flat();
        return paginateList('protocols', protocols, args, positionOf, newestFirst);
      });
    },
  },
  Unit: {
    protocols: (unit, _args, context, info) =>
      degrade(context, info, [], async () => {
        const lists = await Promise.all(context.offering('protocols').map(({ vendor, reads }) =>
          storedAtUnitOr(context, 'PROTOCOL', vendor, unit.members.filter((member) => member.vendor === vendor), async () => (await loadAll(reads.byObject, memberIds(unit, vendor))).flat())));
        return lists.flat();
      }),
  },
  Protocol: {
    object: (protocol) => protocol.objectDetails ?? null,
    tags: (protocol) => protocol.tags ?? [],
    id: (protocol) => idOfRef('Protocol', protocol),
    unit: (protocol, _args, context, info) =>
      degrade(context, info, null, async () => (protocol.object === null ? null : context.directory.byRef(protocol.object))),
    pdf: (protocol, _args, context, info) =>
      degrade(context, info, null, async () => {
        const reads = context.reads(protocol.vendor)?.protocols;
        return reads === undefined ? null : checkPdfLink(await reads.pdfById.load(protocol.externalId), protocol);
      }),
    sources: (protocol) => [{ vendor: protocol.vendor, externalId: protocol.externalId, raw: protocol.raw }],
    freshness: freshnessOfRecord,
  },
};
