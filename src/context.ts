import type { Deadline } from './deadline/deadline.js';
import type { Loaders } from './loaders/index.js';
import type { UnitDirectory } from './identity/directory.js';
import type { PartialErrors } from './resolvers/common/partial.js';
import type { Services } from './services.js';
import type { Client } from './access/index.js';
import type { UnitView } from './resolvers/unit/view.js';

/** What every resolver gets: app-wide services plus this request's loaders and state. */
export interface GatewayContext {
  services: Services;
  loaders: Loaders;
  directory: UnitDirectory;
  partial: PartialErrors;
  /** Merged unit views of this request, by unit key. */
  unitViews: Map<string, Promise<UnitView>>;
  /**
   * When this request (or subscription notice) stops waiting for vendors
   * (RENTGRAPH_REQUEST_TIMEOUT_MS from its start): loaders built for it read within it.
   */
  deadline: Deadline;
  /** The client key this request (or graphql-ws connection) was made with: its name and scopes. */
  client: Client;
  /** The client's `Idempotency-Key` header, for mutations. */
  idempotencyKey: string | null;
  /**
   * Lets go of the loaders and directory built so far (they are built again on next use).
   * A subscription keeps its context for its whole life but needs them only to start.
   */
  releaseLoaders(): void;
  /** On a graphql-ws connection: closes it (e.g. 4413 when a subscriber falls too far behind). */
  closeConnection?: (code: number, reason: string) => void;
}
