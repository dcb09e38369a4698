import { pageScenario } from '../lib/page-scenario.js';

/** S3, prospects with their showings and leasing events (RentEngine). */
export const S3_QUERY =
  'query Prospects { prospects(first: 50) { edges { node { id name status source createdAt ' +
  'showings { id startsAt } leasingEvents { id eventType stage occurredAt } } } } }';

export const s3 = pageScenario({
  id: 'S3',
  title: 'Prospects with their showings and leasing events',
  query: S3_QUERY,
  notes: ['RentEngine rate-limits its API (RENTENGINE_RATE_LIMIT, default 20 requests / 5 s); the gateway waits for the limit rather than failing, so this page is bounded by it once its reads are not cached.'],
});
