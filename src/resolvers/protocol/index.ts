import type { Resolvers } from '../../generated/resolvers.js';
import { idOfRef, parseRefKey } from '../../domain/ids.js';
import type { ProtocolModel, ProtocolPdfModel } from '../../domain/models.js';
import { VendorError } from '../../errors.js';
import { paginateList } from '../common/connection.js';
import { degrade } from '../common/partial.js';
import { registerNodeLookup } from '../node-lookup.js';

/**
 * deep.rent handover protocols. The list and each unit's protocols come from one
 * whole-list read per request (loaders/protocols.ts); a PDF link is asked for only when
 * `pdf` is selected, one protocol at a time (the vendor has no batch form).
 */

registerNodeLookup('Protocol', async (key, context) => {
  const ref = parseRefKey(key);
  return ref.vendor === 'DEEPRENT' && context.loaders.protocols !== null ? context.loaders.protocols.byId.load(ref.externalId) : null;
});

const emptyConnection = { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };

/** Newest first, as deep.rent lists them; the id breaks ties so the order is total. Dates are UTC ISO strings. */
const positionOf = (protocol: ProtocolModel): string => `${protocol.createdAt ?? ''}|${protocol.externalId}`;
const newestFirst = (a: string, b: string): number => (a < b ? 1 : a > b ? -1 : 0);

/**
 * The link as the client hands it out (kept only while it has more than a minute left);
 * checked once more here, so the graph never returns a link that has already expired.
 */
export function checkPdfLink(pdf: ProtocolPdfModel, protocolId: string, nowMillis = Date.now()): ProtocolPdfModel {
  const expiresAtMillis = Date.parse(pdf.expiresAt);
  if (!(expiresAtMillis > nowMillis)) {
    throw new VendorError({
      code: 'VENDOR_BAD_RESPONSE',
      vendor: 'DEEPRENT',
      message: `DEEPRENT gave a PDF link for protocol ${protocolId} that expires at ${pdf.expiresAt}, which is not after now (${new Date(nowMillis).toISOString()}); expected a link still valid`,
    });
  }
  return pdf;
}

export const protocolResolvers: Resolvers = {
  Query: {
    protocols: async (_root, args, context, info) => {
      paginateList('protocols', [], args, () => '');
      return degrade(context, info, emptyConnection, async () => {
        const loaders = context.loaders.protocols;
        const rows = loaders === null ? [] : await loaders.list({ includeDeleted: args.filter?.includeDeleted === true });
        return paginateList('protocols', rows.map((row) => row.protocol), args, positionOf, newestFirst);
      });
    },
  },
  Unit: {
    protocols: (unit, _args, context, info) =>
      degrade(context, info, [], async () => {
        const loaders = context.loaders.protocols;
        const ids = unit.members.filter((m) => m.vendor === 'DEEPRENT').map((m) => m.externalId);
        if (loaders === null || ids.length === 0) return [];
        return (await loaders.byObject.loadMany(ids)).flatMap((result) => {
          if (result instanceof Error) throw result;
          return result;
        });
      }),
  },
  Protocol: {
    id: (protocol) => idOfRef('Protocol', protocol),
    unit: (protocol, _args, context, info) =>
      degrade(context, info, null, async () => (protocol.object === null ? null : context.directory.byRef(protocol.object))),
    pdf: (protocol, _args, context, info) =>
      degrade(context, info, null, async () => {
        const loaders = context.loaders.protocols;
        if (loaders === null) return null;
        return checkPdfLink(await loaders.pdfById.load(protocol.externalId), protocol.externalId);
      }),
    sources: (protocol) => [{ vendor: protocol.vendor, externalId: protocol.externalId, raw: protocol.raw }],
  },
};
