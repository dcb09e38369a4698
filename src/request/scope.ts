import type { GraphQLResolveInfo } from 'graphql';
import type { Client } from '../access/scopes.js';
import type { SourceRef, UnitParent, UnitRecord } from '../domain/models.js';
import type { Vendor } from '../domain/vendor.js';
import type { Deadline } from '../ports/deadline.js';
import type { UnitDirectory } from '../ports/directory.js';
import type { VendorReads } from '../ports/reads.js';
import { requestDeadline } from './deadline.js';
import { PartialErrors } from './partial.js';
import type { GatewayPorts, VendorStatus } from './ports.js';
import { createStoreReads, type StoreReads } from './store-reads.js';
import { ResponseInputs } from './response-inputs.js';
import { CHANGE_TOPICS, type ChangeTopic } from '../readmodel/changes.js';
import { createUnitViews, type UnitView, type UnitViews } from './unit-views.js';

/**
 * One request's scope: what every resolver gets as its context (and each subscription
 * notice, fresh). It holds who asks (the client key's name and scopes), the request's
 * deadline, its loaders over each connected vendor (built on first use), the unit
 * directory it pages over, its merged unit views and the vendor failures it degraded
 * around; and the gateway's narrow ports (ports.ts). Built here only (createRequestScope), by the server for HTTP requests,
 * graphql-ws subscriptions and their notices.
 */
export interface GatewayContext {
  /** When this request stops waiting for vendors (RENTGRAPH_REQUEST_TIMEOUT_MS from its start). */
  readonly deadline: Deadline;
  readonly partial: PartialErrors;
  /** The client key this request (or graphql-ws connection) was made with: its name and scopes. */
  readonly client: Client;
  /** The client's `Idempotency-Key` header, for mutations. */
  readonly idempotencyKey: string | null;
  /** One connected vendor's reads for this request; null when the vendor is not connected. */
  reads(vendor: Vendor): VendorReads | null;
  /** The connected vendors that offer a kind of read, with it, in precedence order. */
  offering<K extends ReadKind>(kind: K): { vendor: Vendor; reads: NonNullable<VendorReads[K]> }[];
  /**
   * Where this request finds units: the identity index once its first sync is done,
   * until then the first connected vendor (in precedence) with an interim directory,
   * so the gateway serves while the index is built.
   */
  readonly directory: UnitDirectory;
  /** Looks again which directory serves, and drops merged unit views (after a write waited for the index, or changed it). */
  refreshDirectory(): void;
  /** This request's reads of the read model (store-reads.ts). */
  readonly readModel: StoreReads;
  /** A unit's vendor records loaded and merged, once per request (unit-views.ts). */
  unitView(parent: UnitParent, info: GraphQLResolveInfo): Promise<UnitView>;
  /**
   * Drops what this request and later ones hold of one vendor, after a write to it: its
   * loaders (built again on next use), the merged unit views, and its entries in the
   * cross-request cache. What reads only other vendors keeps its cache.
   */
  forgetVendor(vendor: Vendor): void;
  /**
   * Lets go of everything built so far: loaders, directory, read-model reads, merged views
   * and recorded vendor failures (each is built again on next use). A subscription keeps
   * its context for its whole life but needs them only to start.
   */
  release(): void;
  /** On a graphql-ws connection: closes it (e.g. 4413 when a subscriber falls too far behind). */
  closeConnection?: (code: number, reason: string) => void;
  /** The connected vendors' mode and circuit, for Query.vendors. */
  vendorStatus(): VendorStatus[];
  /** The gateway's ports (ports.ts); what a resolver reads through them counts among the response's inputs. */
  readonly gateway: GatewayPorts;
  /** What this response was built from, for the response cache (response-inputs.ts). */
  readonly inputs: ResponseInputs;
}

export type ReadKind = Exclude<keyof VendorReads, 'unitRecord'>;

export interface ScopeOptions {
  /** Who asks: the accepted key's client, or NOTICE_CLIENT for a subscription notice (src/access/scopes.ts). */
  client: Client;
  idempotencyKey?: string | null;
}

/**
 * Builds a request's scope. Everything a resolver may read through it (loaders, the
 * directory, read-model reads, merged views) is built on first use and can be let go
 * (`release`): a subscription keeps the context it started with for its whole life but
 * reads nothing through it once started (each notice runs with a fresh one, see
 * transport/ws-execution.ts), so 50,000 subscribers hold 50,000 small objects, not as
 * many sets of DataLoaders, read-model loaders and view maps (about 5 KB each).
 */
export function createRequestScope(gateway: GatewayPorts, options: ScopeOptions): GatewayContext {
  return new RequestScope(gateway, options.client, options.idempotencyKey ?? null);
}

/** What a scope builds on first use; one object shared by a scope and Apollo's copy of it. */
interface Built {
  inputs: ResponseInputs | undefined;
  gateway: GatewayPorts | undefined;
  reads: Map<Vendor, VendorReads> | undefined;
  directory: UnitDirectory | undefined;
  readModel: StoreReads | undefined;
  views: UnitViews | undefined;
  partial: PartialErrors | undefined;
}

const nothingBuilt = (): Built => ({ inputs: undefined, gateway: undefined, reads: undefined, directory: undefined, readModel: undefined, views: undefined, partial: undefined });

/**
 * A class, with its lazy parts behind getters on the prototype: Apollo Server hands
 * resolvers a copy of the context (its own properties assigned onto an object of the same
 * prototype), and a getter of the object itself would be run, and frozen, by that copy.
 * What the copy must share with the original (loaders, views, errors) sits in `built`,
 * one object both hold.
 */
class RequestScope implements GatewayContext {
  readonly deadline: Deadline;
  private readonly ports: GatewayPorts;
  closeConnection?: (code: number, reason: string) => void;
  private readonly built: Built = nothingBuilt();

  constructor(ports: GatewayPorts, readonly client: Client, readonly idempotencyKey: string | null) {
    this.ports = ports;
    this.deadline = requestDeadline(ports.requestTimeoutMillis);
  }

  get inputs(): ResponseInputs {
    return (this.built.inputs ??= new ResponseInputs());
  }

  get gateway(): GatewayPorts {
    return (this.built.gateway ??= trackedPorts(this.ports, this.inputs));
  }

  get partial(): PartialErrors {
    return (this.built.partial ??= new PartialErrors());
  }

  get readModel(): StoreReads {
    return (this.built.readModel ??= createStoreReads(this.ports.readModel, this.inputs));
  }

  private get views(): UnitViews {
    return (this.built.views ??= createUnitViews(
      // A vendor this request answers from the read model is read from the store, not called.
      (ref) => this.readModel.storedOrLive(
        ref.vendor,
        async () => (await this.readModel.record<UnitRecord>('UNIT', ref))?.model ?? null,
        async () => {
          const loader = this.reads(ref.vendor)?.unitRecord;
          return loader === undefined ? null : loader.load(ref.externalId);
        },
      ),
      this.partial,
    ));
  }

  reads(vendor: Vendor): VendorReads | null {
    const built = (this.built.reads ??= new Map());
    let found = built.get(vendor);
    if (found === undefined) {
      const connection = this.ports.vendors.find((candidate) => candidate.vendor === vendor);
      if (connection === undefined) return null;
      const inputs = this.inputs;
      built.set(vendor, (found = connection.reads({ batching: this.ports.batching, deadline: this.deadline, onVendorRead: () => inputs.readsLive('a vendor read') })));
    }
    return found;
  }

  offering<K extends ReadKind>(kind: K): { vendor: Vendor; reads: NonNullable<VendorReads[K]> }[] {
    return this.ports.vendors.flatMap((connection) => {
      const offered = this.reads(connection.vendor)?.[kind];
      return offered === undefined ? [] : [{ vendor: connection.vendor, reads: offered as NonNullable<VendorReads[K]> }];
    });
  }

  get directory(): UnitDirectory {
    // The identity index's (an interim directory reads its vendor, which tells as it does).
    this.inputs.reads(['IDENTITY']);
    return (this.built.directory ??= this.directoryNow());
  }

  refreshDirectory(): void {
    this.built.directory = this.directoryNow();
    // The index may have moved records between units: a view merged before is stale.
    this.built.views?.clear();
  }

  unitView(parent: UnitParent, info: GraphQLResolveInfo): Promise<UnitView> {
    return this.views.view(parent, info);
  }

  forgetVendor(vendor: Vendor): void {
    this.ports.cache.invalidate(vendor);
    this.built.reads?.delete(vendor);
    // The interim directory reads through a vendor's loaders: it is chosen again with them.
    this.built.directory = undefined;
    this.built.views?.clear();
  }

  release(): void {
    Object.assign(this.built, nothingBuilt());
  }

  vendorStatus(): VendorStatus[] {
    this.inputs.readsLive('the vendors\' circuits');
    return this.ports.vendors.map((connection) => {
      const circuit = connection.link.circuitState();
      return { vendor: connection.vendor, mode: connection.mode, circuit, healthy: circuit === 'CLOSED' };
    });
  }

  private directoryNow(): UnitDirectory {
    const index = this.ports.identity.directory();
    if (index !== null) return index;
    for (const connection of this.ports.vendors) {
      const interim = this.reads(connection.vendor)?.interimDirectory;
      if (interim !== undefined) return interim;
    }
    return EMPTY_DIRECTORY;
  }
}

/**
 * What reading each port tells a response's inputs: the parts of the store it reads, or
 * that it reads what no store write announces. Ports not named carry no data of their own
 * (settings, vendor connections whose loaders tell for themselves, writes).
 */
const PORT_INPUTS: { readonly [P in keyof GatewayPorts]?: readonly ChangeTopic[] | 'live' } = {
  identity: ['IDENTITY'],
  leasingEvents: ['EVENTS'],
  readModel: CHANGE_TOPICS,
  feed: 'live',
  idempotency: 'live',
  audit: 'live',
  store: 'live',
};

function trackedPorts(ports: GatewayPorts, inputs: ResponseInputs): GatewayPorts {
  return new Proxy(ports, {
    get(target, property, receiver) {
      const told = PORT_INPUTS[property as keyof GatewayPorts];
      if (told === 'live') inputs.readsLive(`the ${String(property)} port`);
      else if (told !== undefined) inputs.reads(told);
      return Reflect.get(target, property, receiver);
    },
  });
}

/** A directory with no units: when no connected vendor can serve before the index's first sync. */
const EMPTY_DIRECTORY: UnitDirectory = {
  page: async () => ({ units: [], positions: [], hasNextPage: false }),
  byKey: async () => null,
  byRef: async (_ref: SourceRef) => null,
};

