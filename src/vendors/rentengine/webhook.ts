import { z } from 'zod';
import type { SourceRef } from '../../domain/models.js';
import { headerOf, secretsEqual, type Interpretation, type Verification, type WebhookReceiver } from '../../ports/webhooks.js';
import type { ChangeKind, NewEvent } from '../../domain/events.js';
import { showingFromLeasingEvent, toLeasingEventModel, toLockboxEventModel, toProspectModel, toUnitRecord } from './map.js';
import { deleteOf, type RecordDraft, type RecordWrite } from '../../ports/read-model.js';
import { checkQstashSignature } from './qstash.js';
import { leasingEventDrafts, lockboxEventDraft, lockboxEventWrites, prospectDraft, RENTENGINE_RESOURCE, unitDrafts } from './resources.js';
import { rawLeasingEvent, rawLockboxEvent, rawProspect, rawUnit } from './raw.js';

/**
 * RentEngine webhooks (docs/vendors.md, RentEngine): `{type, table, record,
 * old_record}` posted through QStash with the key set up for the webhook in
 * `x-api-token`, `Upstash-Message-Id` naming the delivery (the same on each retry) and,
 * where QStash signing keys are configured, `Upstash-Signature`.
 */
export interface RentengineReceiverOptions {
  /** RENTENGINE_WEBHOOK_TOKEN; null = every delivery is refused (nothing could tell a forgery apart). */
  token: string | null;
  /** QSTASH_CURRENT_SIGNING_KEY / QSTASH_NEXT_SIGNING_KEY; empty = signatures not checked. */
  qstashSigningKeys: readonly string[];
}

export const RENTENGINE_NOT_CONFIGURED =
  'RentEngine webhooks are refused: RENTENGINE_WEBHOOK_TOKEN is not set; set it to the key set up for the webhook in RentEngine (sent as x-api-token) to receive them';

const VENDOR = 'RENTENGINE' as const;

const envelope = z.object({ type: z.string(), table: z.string(), record: z.unknown(), old_record: z.unknown() });

const CHANGE_OF_TYPE: Readonly<Record<string, ChangeKind>> = { INSERT: 'CREATED', UPDATE: 'UPDATED', DELETE: 'DELETED' };

const ref = (externalId: string | null): SourceRef | null => (externalId === null ? null : { vendor: VENDOR, externalId });

type Table = 'units' | 'prospects' | 'leasing_events' | 'lockbox_events';
const TABLES: readonly Table[] = ['units', 'prospects', 'leasing_events', 'lockbox_events'];
const isTable = (value: string): value is Table => (TABLES as readonly string[]).includes(value);

/**
 * The event for one record of a table and what it changes in the read model, or what
 * keeps the record from having the table's shape.
 */
type RecordReading = { ok: true; event: NewEvent; records: RecordWrite[] } | { ok: false; problem: string };

/** The drafts as a write: upserted, or on a DELETE removed (by the same keys). */
function writeOf(resource: string, change: ChangeKind, drafts: readonly RecordDraft[]): RecordWrite {
  if (change !== 'DELETED') return { resource, upserts: drafts };
  return { resource, deletes: drafts.map(deleteOf) };
}

function eventOf(table: Table, change: ChangeKind, record: unknown, previous: unknown): RecordReading {
  const base = { vendor: VENDOR, change, previous: previous ?? null };
  const fail = (error: z.ZodError): RecordReading => {
    const issue = error.issues[0]!;
    return { ok: false, problem: `a ${table} record with ${issue.path.map(String).join('.') || 'the record'}: ${issue.message}` };
  };
  const ok = (event: NewEvent, resource: string, drafts: readonly RecordDraft[]): RecordReading => ({ ok: true, event, records: [writeOf(resource, change, drafts)] });
  switch (table) {
    case 'units': {
      const parsed = rawUnit.safeParse(record);
      if (!parsed.success) return fail(parsed.error);
      const node = toUnitRecord(parsed.data, record);
      return ok({ ...base, entityType: 'UNIT', externalId: node.externalId, unitRef: ref(node.externalId), prospectRef: null, node }, RENTENGINE_RESOURCE.units, unitDrafts(parsed.data, record));
    }
    case 'prospects': {
      const parsed = rawProspect.safeParse(record);
      if (!parsed.success) return fail(parsed.error);
      const node = toProspectModel(parsed.data, record);
      return ok({ ...base, entityType: 'PROSPECT', externalId: node.externalId, unitRef: node.unitOfInterest, prospectRef: ref(node.externalId), node }, RENTENGINE_RESOURCE.prospects, [prospectDraft(node, parsed.data.updated_at)]);
    }
    case 'leasing_events': {
      const parsed = rawLeasingEvent.safeParse(record);
      if (!parsed.success) return fail(parsed.error);
      // A showing is known only from its "Showing Scheduled" event: what it says of the showing is kept with the event.
      const showing = showingFromLeasingEvent(parsed.data, null);
      const node = { ...toLeasingEventModel(parsed.data, record), ...(showing !== null && { showing }) };
      return ok({ ...base, entityType: 'LEASING_EVENT', externalId: node.externalId, unitRef: node.unit, prospectRef: node.prospect, node }, RENTENGINE_RESOURCE.leasingEvents, leasingEventDrafts(node));
    }
    case 'lockbox_events': {
      const parsed = rawLockboxEvent.safeParse(record);
      if (!parsed.success) return fail(parsed.error);
      const node = toLockboxEventModel(parsed.data, record);
      const event: NewEvent = { ...base, entityType: 'LOCKBOX_EVENT', externalId: node.externalId, unitRef: ref(node.unitExternalId), prospectRef: null, node };
      // A new Install or Uninstall moves the lockbox as the same write would have.
      if (change === 'CREATED') return { ok: true, event, records: lockboxEventWrites(node) };
      return ok(event, RENTENGINE_RESOURCE.lockboxEvents, [lockboxEventDraft(node)]);
    }
    default: {
      const unreachable: never = table;
      throw new Error(`no mapping for table ${String(unreachable)}`);
    }
  }
}

/** What a parsed delivery means: one event, a parked delivery, or not a RentEngine webhook. */
export function interpretRentengineWebhook(payload: unknown): Interpretation {
  const parsed = envelope.safeParse(payload);
  if (!parsed.success) return { kind: 'malformed', reason: 'expected a RentEngine webhook {type, table, record, old_record} with string type and table' };
  const { type, table, record, old_record: oldRecord } = parsed.data;
  const change = Object.hasOwn(CHANGE_OF_TYPE, type) ? CHANGE_OF_TYPE[type]! : null;
  if (change === null) return { kind: 'park', reason: `unknown change type ${JSON.stringify(type)} (expected INSERT, UPDATE or DELETE)` };
  if (!isTable(table)) return { kind: 'park', reason: `unknown table ${JSON.stringify(table)} (expected one of ${TABLES.join(', ')})` };
  // A DELETE carries the record only as it was.
  const current = change === 'DELETED' ? oldRecord : record;
  if (current === null || current === undefined) return { kind: 'park', reason: `a ${type} on ${table} without ${change === 'DELETED' ? 'old_record' : 'record'}` };
  const reading = eventOf(table, change, current, oldRecord);
  return reading.ok ? { kind: 'events', events: [reading.event], records: reading.records } : { kind: 'park', reason: reading.problem };
}

export function createRentengineReceiver(options: RentengineReceiverOptions): WebhookReceiver {
  const expected = options.token;
  return {
    vendor: VENDOR,
    path: 'rentengine',
    deliveryIdHeader: 'Upstash-Message-Id',
    notConfigured: expected === null ? RENTENGINE_NOT_CONFIGURED : null,
    verify(request): Verification {
      if (expected === null) return { ok: false, reason: RENTENGINE_NOT_CONFIGURED };
      const token = headerOf(request, 'x-api-token');
      if (token === null) return { ok: false, reason: 'expected the x-api-token header set up for this webhook, got none' };
      if (!secretsEqual(token, expected)) return { ok: false, reason: 'x-api-token does not match RENTENGINE_WEBHOOK_TOKEN' };
      if (options.qstashSigningKeys.length > 0) {
        const signature = headerOf(request, 'upstash-signature');
        if (signature === null) return { ok: false, reason: 'expected an Upstash-Signature header (QStash signing keys are configured), got none' };
        const problem = checkQstashSignature(signature, request.rawBody, { signingKeys: options.qstashSigningKeys });
        if (problem !== null) return { ok: false, reason: problem };
      }
      return { ok: true, deliveryId: headerOf(request, 'upstash-message-id') };
    },
    interpret: interpretRentengineWebhook,
  };
}
