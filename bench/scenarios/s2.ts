import { pageScenario } from '../lib/page-scenario.js';

/** S2, the cross-vendor page: 50 merged units with what every vendor knows of them. */
const pageOf = (first: number) =>
  `query CrossVendorPage { units(first: ${first}) { edges { node { id address { formatted } sources { vendor externalId } ` +
  'leases { id status } lockboxes { id serialNumber } listings { id vendor title } protocols { id createdAt } } } } }';
export const S2_QUERY = pageOf(50);

export const s2 = pageScenario({
  id: 'S2',
  title: 'Cross-vendor page: units(first: 50) with address, sources, leases, lockboxes, listings, protocols',
  query: S2_QUERY,
  // docs/reference-queries.md, "Units across every vendor", up to 99 RentEngine units on a page: rent roll 2 + 2, RentEngine 1 + 1 + 1, Leasey 1, StuRents 0, deep.rent 1.
  minimumUpstream: 9,
  pageSizes: { queryOf: pageOf, sizes: [10, 25, 50], source: 'docs/reference-queries.md' },
  notes: [
    'Every vendor is read through its loaders: one batched read per (vendor, resource) per page is the aim; "upstream calls per query, one client" is that count, ' +
      'compared with the count under batching off.',
  ],
});
