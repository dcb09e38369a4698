import type { GraphQLResolveInfo } from 'graphql';
import { auditedMutation } from '../access/audited.js';
import type { UnitParent, UnitRecord } from '../domain/models.js';
import { VENDOR_NAMES } from '../domain/vendor.js';
import { badInput, userError } from '../errors.js';
import { fingerprintOf } from '../idempotency/store.js';
import { keyOfId } from '../ports/input.js';
import type { WriteContext, WriteField, WriteSignatures } from '../ports/writes.js';
import type { Writer } from './ports.js';
import type { GatewayContext } from './scope.js';

/** Keys are stored; a client's key is an id, not a payload. */
const MAX_KEY_LENGTH = 255;

/**
 * How every mutation field runs:
 *   1. with an Idempotency-Key, a repeat of the same request answers the stored result
 *      (or waits for the first one still running) and calls no vendor;
 *   2. the vendor module that offers the field runs it (FORBIDDEN when that vendor is not
 *      connected): it checks the input and resolves ids (BAD_USER_INPUT before any vendor
 *      call), then makes the one documented vendor write through `context.write`, never
 *      retried (the HTTP layer retries reads only);
 *   3. whatever the write's outcome, the vendor's cached reads are dropped (the
 *      cross-request cache, this request's loaders and merged unit views), since even a
 *      failed write may have changed something;
 *   4. the write builds its answer from the write's result, reading afresh if it must.
 * All of it runs audited (src/access/audited.ts): the client's WRITE scope is checked
 * first, and the outcome, a repeat's included, is recorded in the audit log. An
 * Idempotency-Key is the client's own: the same key from another client key is another
 * request (stored as "<key name> <key>"; names hold no space).
 */
export async function runWrite<F extends WriteField>(
  scope: GatewayContext,
  field: F,
  args: WriteSignatures[F]['args'],
  info: GraphQLResolveInfo,
): Promise<WriteSignatures[F]['answer']> {
  const work = () => perform(scope, field, args);
  return auditedMutation(scope, info, args, async () => {
    const key = scope.idempotencyKey;
    if (key === null) return work();
    if (key.length > MAX_KEY_LENGTH) throw badInput(`Idempotency-Key must be at most ${MAX_KEY_LENGTH} characters (a UUID is plenty), got ${key.length}`, 'Idempotency-Key');
    return scope.gateway.idempotency.run({ key: `${scope.client.name} ${key}`, field: info.path.key.toString(), fingerprint: fingerprintOf(info.fieldName, args) }, work);
  });
}

async function perform<F extends WriteField>(scope: GatewayContext, field: F, args: WriteSignatures[F]['args']): Promise<WriteSignatures[F]['answer']> {
  const writer = writerOf(scope.gateway.writers, field);
  const operation = writer.writes[field];
  const connection = writer.connection;
  if (operation === undefined || connection === null) {
    throw userError('FORBIDDEN', `${capitalized(VENDOR_NAMES[writer.vendor])} is not configured on this gateway (${writer.baseUrlVariable} is not set), so ${field} cannot write to it`);
  }
  return operation(args, writeContext(scope, field, connection.client, writer));
}

function writerOf(writers: readonly Writer[], field: WriteField): Writer {
  const writer = writers.find((candidate) => candidate.writes[field] !== undefined);
  // Every Mutation field has a vendor module that writes it (resolvers/mutations checks the schema's list).
  if (writer === undefined) throw new Error(`no vendor module writes ${field}`);
  return writer;
}

const capitalized = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

function writeContext<C>(scope: GatewayContext, field: string, client: C, writer: Writer): WriteContext<C> {
  const { identity, logger, store } = scope.gateway;
  /** Waits for the identity index's first sync so unit ids resolve to every vendor's record; then serves the request from the index. */
  const indexReady = async () => {
    await identity.ready();
    scope.refreshDirectory();
  };
  return {
    field,
    client,
    store,
    logger,
    async write(call) {
      try {
        return await call(client);
      } finally {
        scope.forgetVendor(writer.vendor);
      }
    },
    async unit(id, unitField): Promise<UnitParent> {
      const key = keyOfId(id, unitField, 'Unit');
      await indexReady();
      const unit = await scope.directory.byKey(key);
      if (unit === null) throw userError('NOT_FOUND', `${unitField}: no unit has the id ${JSON.stringify(id)} (expected the id of a unit in this graph)`, { field: unitField });
      return unit;
    },
    async index(records: readonly UnitRecord[]) {
      try {
        await indexReady();
        await identity.upsert(records);
      } catch (error) {
        logger.warn({ err: error, refs: records.map((r) => `${r.vendor}:${r.externalId}`) }, 'could not add written records to the identity index; the next sync will');
      }
      scope.refreshDirectory();
    },
    async keep(writes) {
      try {
        await scope.gateway.records.write(writes);
      } catch (error) {
        logger.warn({ err: error, resources: writes.map((w) => w.resource) }, 'could not keep a write\'s answer in the read model; the next sync will');
      }
    },
    unitOfRecord: (ref) => scope.directory.byRef(ref),
  };
}
