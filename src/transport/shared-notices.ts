import { type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { stringify } from 'safe-stable-stringify';

/**
 * Notices shared between the subscribers of one group. A notice's result depends only
 * on the event it is about, the operation and its variables: a notice runs as no client
 * key (NOTICE_CLIENT, src/access/scopes.ts; scopes were checked when the subscription
 * started) and with no Idempotency-Key, so no field is scoped to who asked. Subscribers
 * with the same operation name, document and variable values therefore get the same
 * result for the same event, and one execution can serve them all.
 *
 * The bus hands every live subscriber the same event object, so results are kept per
 * event object in a WeakMap: an entry lives exactly as long as some subscriber may still
 * pull that event, with no expiry to tune. Replayed events are read from the log per
 * subscriber, so a replayed event is never confused with the live one of the same seq.
 *
 * Results are shared read-only: graphql-ws's onNext (server.ts) maps errors into new
 * objects, and graphql-ws itself spreads the result into a new message before it
 * serializes it; nothing writes to a result.
 */
export function groupKeyOf(args: Pick<ExecutionArgs, 'document' | 'operationName' | 'variableValues'>): string {
  // join makes one flat string; a template literal (and stringify) leave a tree of string pieces behind.
  return [documentNumber(args.document), args.operationName ?? '', stringify(args.variableValues ?? {})].join('\n');
}

/**
 * A number per document object, for group keys: every subscriber holds its key for its
 * whole life, and one spelling out the printed document was a few hundred bytes each.
 * Subscriptions that sent the same text share one document object (ws-documents.ts), so
 * they share the number; two objects of the same text (one parsed again after the cache
 * let go of it) only miss sharing a notice, never get another group's.
 */
const documentNumbers = new WeakMap<DocumentNode, number>();
let lastDocumentNumber = 0;

function documentNumber(document: DocumentNode): number {
  let number = documentNumbers.get(document);
  if (number === undefined) documentNumbers.set(document, (number = ++lastDocumentNumber));
  return number;
}

export interface SharedNotices {
  /** The group's result for `event`: the first caller runs `execute`, later ones get the same promise. */
  resultFor(event: unknown, groupKey: string, execute: () => Promise<ExecutionResult>): Promise<ExecutionResult>;
}

export function createSharedNotices(): SharedNotices {
  const byEvent = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();
  return {
    resultFor(event, groupKey, execute) {
      if (typeof event !== 'object' || event === null) return execute();
      let byGroup = byEvent.get(event);
      if (byGroup === undefined) {
        byGroup = new Map();
        byEvent.set(event, byGroup);
      }
      let result = byGroup.get(groupKey);
      if (result === undefined) {
        result = execute();
        byGroup.set(groupKey, result);
      }
      return result;
    },
  };
}
