import { pageScenario } from '../lib/page-scenario.js';

/** S2, the cross-vendor page: 50 merged units with what every vendor knows of them. */
export const S2_QUERY =
  'query CrossVendorPage { units(first: 50) { edges { node { id address { formatted } sources { vendor externalId } ' +
  'leases { id status } lockboxes { id serialNumber } listings { id vendor title } protocols { id createdAt } } } } }';

export const s2 = pageScenario({
  id: 'S2',
  title: 'Cross-vendor page: units(first: 50) with address, sources, leases, lockboxes, listings, protocols',
  query: S2_QUERY,
  notes: [
    'Every vendor is read through its loaders: one batched read per (vendor, resource) per page is the aim; "upstream calls per query, one client" is that count, ' +
      'compared with the count under batching off.',
  ],
});
