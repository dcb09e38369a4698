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
 * Results are shared read-only: the format given (server.ts) maps errors into new
 * objects; nothing writes to a result.
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

/** Waits for a shared notice's payload (notice-delivery.ts); called once, in the order it began waiting. */
export interface NoticeWaiter {
  noticeReady(payload: Buffer): void;
  noticeFailed(error: unknown): void;
}

/**
 * One group's notice of one event: its result, and that result as the bytes of a
 * graphql-ws `next` payload (errors masked by `format`), serialized once for every
 * subscriber of the group instead of once per subscriber.
 */
export class SharedNotice {
  readonly result: Promise<ExecutionResult>;
  /** The formatted result as UTF-8 JSON, once executed and serialized. */
  payload: Buffer | null = null;
  private failure: { error: unknown } | null = null;
  private waiters: NoticeWaiter[] = [];

  constructor(execute: () => Promise<ExecutionResult>, format: NoticeFormat) {
    this.result = execute();
    this.result.then(
      (result) => {
        try {
          this.payload = Buffer.from(JSON.stringify(format(result)));
        } catch (error) {
          this.failure = { error };
        }
        this.settle();
      },
      (error: unknown) => {
        this.failure = { error };
        this.settle();
      },
    );
  }

  /** Hands `waiter` the payload, now if it is there, else once it is. */
  wait(waiter: NoticeWaiter): void {
    if (this.payload !== null) waiter.noticeReady(this.payload);
    else if (this.failure !== null) waiter.noticeFailed(this.failure.error);
    else this.waiters.push(waiter);
  }

  private settle(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) {
      if (this.payload !== null) waiter.noticeReady(this.payload);
      else waiter.noticeFailed(this.failure?.error);
    }
  }
}

/** What a subscriber is sent for a result: the result, or a copy with its errors masked. */
export type NoticeFormat = (result: ExecutionResult) => unknown;

export interface SharedNotices {
  /** The group's notice of `event`: the first caller runs `execute`, later ones get the same notice. */
  noticeFor(event: object, groupKey: string, execute: () => Promise<ExecutionResult>): SharedNotice;
}

export function createSharedNotices(format: NoticeFormat): SharedNotices {
  const byEvent = new WeakMap<object, Map<string, SharedNotice>>();
  return {
    noticeFor(event, groupKey, execute) {
      let byGroup = byEvent.get(event);
      if (byGroup === undefined) {
        byGroup = new Map();
        byEvent.set(event, byGroup);
      }
      let notice = byGroup.get(groupKey);
      if (notice === undefined) {
        notice = new SharedNotice(execute, format);
        byGroup.set(groupKey, notice);
      }
      return notice;
    },
  };
}
