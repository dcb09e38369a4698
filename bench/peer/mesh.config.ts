import { defineConfig } from '@graphql-mesh/compose-cli';
import { loadOpenAPISubgraph } from '@omnigraph/openapi';

/**
 * The peer: GraphQL Mesh composes the rent roll simulator's own /openapi.json into a
 * subgraph; Hive Gateway serves it (gateway.config.ts). The bench sets
 * RENTROLL_BASE_URL and RENTROLL_API_TOKEN from the simulators it started.
 */
const base = process.env['RENTROLL_BASE_URL'];
if (base === undefined) throw new Error('RENTROLL_BASE_URL: expected the rent roll simulator URL, got nothing');

export const composeConfig = defineConfig({
  subgraphs: [
    {
      sourceHandler: loadOpenAPISubgraph('RentRoll', {
        source: `${base}/openapi.json`,
        endpoint: base,
        // The simulator's /openapi.json sits behind the same bearer token as its data.
        schemaHeaders: { Authorization: `Bearer ${process.env['RENTROLL_API_TOKEN'] ?? ''}` },
        operationHeaders: { Authorization: 'Bearer {env.RENTROLL_API_TOKEN}' },
      }),
    },
  ],
});
