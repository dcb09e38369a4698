import { print, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
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
  return `${args.operationName ?? ''}\n${stringify(args.variableValues ?? {})}\n${printed(args.document)}`;
}

/** Printed documents, once per document object (subscriptions that sent the same text share one, see ws-documents.ts). */
const printedDocuments = new WeakMap<DocumentNode, string>();

function printed(document: DocumentNode): string {
  let text = printedDocuments.get(document);
  if (text === undefined) printedDocuments.set(document, (text = print(document)));
  return text;
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
