import { buildSchema, GraphQLError, OperationTypeNode, type GraphQLObjectType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { VENDORS, type Vendor } from '../domain/vendor.js';
import { ERROR_CODES, VendorError, type ErrorCode } from '../errors.js';
import { observeWriteAnswers, type WriteAnswer } from '../ports/write-answers.js';
import type { AuditLog, AuditOutcome } from './audit-log.js';
import { scopeOfRootField } from './operation-scopes.js';
import { redactArguments } from './redaction.js';
import { hasScope, missingScopeError, type Client, type Scope } from './scopes.js';

/**
 * Runs a mutation or identity change and records it in the audit log, whatever the
 * outcome: the client's key name, the operation, its redacted input, the outcome, the
 * vendor write's vendor and HTTP status (the last write answered, or the vendor of the
 * error), and the Idempotency-Key. The client's scope is checked here as well as before
 * execution (plugin.ts), so no path reaches a vendor write without it.
 */
interface Verdict {
  outcome: AuditOutcome;
  vendor: Vendor | null;
  vendorStatus: number | null;
}

/** Who runs an audited operation, and where it is recorded: a request's scope (src/request/scope.ts) is one. */
export interface AuditedCaller {
  readonly client: Client;
  readonly idempotencyKey: string | null;
  readonly gateway: { readonly audit: AuditLog };
}

/** A vendor's refusal of the request itself, as opposed to a failure to serve it. */
const VENDOR_REFUSALS: ReadonlySet<ErrorCode> = new Set(['BAD_USER_INPUT', 'NOT_FOUND']);

export function verdictOf(error: unknown): Verdict {
  if (error instanceof VendorError) {
    return { outcome: VENDOR_REFUSALS.has(error.code) ? 'VENDOR_REJECTED' : 'VENDOR_FAILED', vendor: error.vendor, vendorStatus: error.status ?? null };
  }
  if (error instanceof GraphQLError) {
    const code = error.extensions['code'];
    if (code === 'FORBIDDEN' && error.extensions['scope'] !== undefined) return { outcome: 'FORBIDDEN', vendor: null, vendorStatus: null };
    if (typeof code === 'string' && code !== 'INTERNAL' && (ERROR_CODES as readonly string[]).includes(code)) return { outcome: 'REJECTED', vendor: null, vendorStatus: null };
  }
  // Not made on purpose: whether the vendor wrote is unknown, as after a vendor failure.
  return { outcome: 'VENDOR_FAILED', vendor: null, vendorStatus: null };
}

async function runAudited<T>(caller: AuditedCaller, operation: string, scope: Scope | null, input: Record<string, unknown> | null, run: () => Promise<T>): Promise<T> {
  const { client, gateway: { audit } } = caller;
  const entry = { client: client.name, operation, input, idempotencyKey: caller.idempotencyKey };
  if (scope !== null && !hasScope(client, scope)) {
    await audit.record({ ...entry, outcome: 'FORBIDDEN', vendor: null, vendorStatus: null });
    throw missingScopeError(client, scope, operation);
  }
  // The last vendor write answered within `run`: its vendor and status, unless an error names its own.
  const observed: { last: WriteAnswer | null } = { last: null };
  try {
    const result = await observeWriteAnswers((answer) => (observed.last = answer), run);
    await audit.record({ ...entry, outcome: 'OK', vendor: observed.last?.vendor ?? null, vendorStatus: observed.last?.status ?? null });
    return result;
  } catch (error) {
    const verdict = verdictOf(error);
    const answered = verdict.vendor === null ? { vendor: observed.last?.vendor ?? null, vendorStatus: observed.last?.status ?? null } : {};
    await audit.record({ ...entry, ...verdict, ...answered });
    throw error;
  }
}

/** For every mutation field (src/request/writes.ts): audited under the field's name, with its scope. */
export function auditedMutation<T>(caller: AuditedCaller, info: GraphQLResolveInfo, args: unknown, run: () => Promise<T>): Promise<T> {
  const field = info.parentType.getFields()[info.fieldName];
  const input = field === undefined ? null : redactArguments(info.parentType.name, field, args as Record<string, unknown>);
  return runAudited(caller, info.fieldName, scopeOfRootField(OperationTypeNode.MUTATION, info.fieldName), input, run);
}

/** The identity administration operations; each needs ADMIN. */
export type IdentityChange = 'linkRecords' | 'unlinkRecord' | 'clearIdentityOverride';

/**
 * The contract's arguments of the identity operations (CONTRACT.graphql), for redaction
 * when the served schema does not have the field.
 */
let contractMutation: GraphQLObjectType | undefined;
const contractFieldOf = (operation: IdentityChange) =>
  (contractMutation ??= buildSchema(`
    enum Vendor { ${VENDORS.join(' ')} }
    input SourceInput { vendor: Vendor! externalId: String! }
    type Query { _: Boolean }
    type Mutation { linkRecords(records: [SourceInput!]!): Boolean unlinkRecord(record: SourceInput!): Boolean clearIdentityOverride(record: SourceInput!): Boolean }
  `).getMutationType()!).getFields()[operation]!;

/**
 * The entry point of identity administration (`linkRecords`, `unlinkRecord`,
 * `clearIdentityOverride`): refuses a
 * client without ADMIN with FORBIDDEN (recorded), then runs `change` and records it
 * with its outcome. `args` are the field's arguments, redacted by the declared policy.
 */
export function auditedIdentityChange<T>(caller: AuditedCaller, operation: IdentityChange, args: Record<string, unknown>, change: () => Promise<T>, schema?: GraphQLSchema): Promise<T> {
  const field = schema?.getMutationType()?.getFields()[operation] ?? contractFieldOf(operation);
  return runAudited(caller, operation, 'ADMIN', redactArguments('Mutation', field, args), change);
}
