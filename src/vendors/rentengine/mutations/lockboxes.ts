import type { LockboxEventModel } from '../../../domain/models.js';
import type { WriteContext } from '../../../ports/writes.js';
import { VendorError, badInput } from '../../../errors.js';
import type { GenerateLockboxCodeBody } from '../writes.js';
import { dateOf, fail, isSet, optionalText, text, uuid } from '../../../ports/input.js';
import { rentengineUnitIdOf, rentengineUuidOf } from './ids.js';
import type { VendorWrites } from '../../../ports/writes.js';
import type { RentengineClient } from '../client.js';
import { lockboxEventDraft, RENTENGINE_RESOURCE } from '../resources.js';

/** RentEngine creates SentriLock boxes only through its API (Codebox is managed in its app). */
const CREATABLE_LOCKBOX_TYPES = ['Sentrilock'] as const;

/** A code is for a day; yesterday (UTC) is still today somewhere west of UTC. */
function codeDate(value: unknown, now: Date): string {
  const date = dateOf(value, 'input.date');
  const yesterday = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
  if (date < yesterday) fail('input.date', `today or a later day (YYYY-MM-DD; it is ${now.toISOString().slice(0, 10)} UTC now)`, date);
  return date;
}

/** Install or Uninstall: one lockbox event at a unit. */
async function lockboxEvent(kind: 'Install' | 'Uninstall', args: { lockboxId: string; unitId: string }, context: WriteContext<RentengineClient>): Promise<LockboxEventModel> {
  const lockboxId = rentengineUuidOf(args.lockboxId, 'lockboxId', 'Lockbox');
  const unitId = await rentengineUnitIdOf(context, args.unitId, 'unitId');
  const events = await context.write((client) => client.createLockboxEvents([{ lockbox_id: lockboxId, event_type: kind, unit_id: unitId }]));
  const event = events[0];
  if (event === undefined) {
    throw new VendorError({ code: 'VENDOR_BAD_RESPONSE', vendor: 'RENTENGINE', message: `RENTENGINE POST /lockbox_events answered no event (expected the ${kind} event it recorded)` });
  }
  await context.keep([{ resource: RENTENGINE_RESOURCE.lockboxEvents, upserts: [lockboxEventDraft(event)] }]);
  return event;
}

export const lockboxWrites: VendorWrites<RentengineClient> = {
  async generateLockboxCode(args, context) {
    const { input } = args;
    const date = codeDate(input.date, new Date());
    const serialNumber = optionalText(input.serialNumber, 'input.serialNumber');
    const lockboxId = isSet(input.lockboxId) ? rentengineUuidOf(input.lockboxId, 'input.lockboxId', 'Lockbox') : undefined;
    if (lockboxId === undefined && serialNumber === undefined && !isSet(input.unitId)) {
      throw badInput('input needs one of lockboxId, unitId or serialNumber to find the lockbox; none was given', 'input');
    }
    const body: GenerateLockboxCodeBody = {
      date,
      ...(lockboxId !== undefined && { lockbox_id: lockboxId }),
      ...(serialNumber !== undefined && { serial_number: serialNumber }),
      ...(isSet(input.unitId) && { unit_id: await rentengineUnitIdOf(context, input.unitId, 'input.unitId') }),
    };
    return context.write((client) => client.generateLockboxCode(body));
  },

  installLockbox: (args, context) => lockboxEvent('Install', args, context),
  uninstallLockbox: (args, context) => lockboxEvent('Uninstall', args, context),

  async createLockboxes(args, context) {
    const { input } = args;
    const type = text(input.lockboxType ?? 'Sentrilock', 'input.lockboxType');
    if (!(CREATABLE_LOCKBOX_TYPES as readonly string[]).includes(type)) {
      fail('input.lockboxType', '"Sentrilock" (the only type RentEngine creates through its API)', input.lockboxType);
    }
    if (input.serialNumbers.length === 0) fail('input.serialNumbers', 'at least one serial number', input.serialNumbers);
    const serials = input.serialNumbers.map((serial, i) => text(serial, `input.serialNumbers[${i}]`));
    const repeated = serials.find((serial, i) => serials.indexOf(serial) !== i);
    if (repeated !== undefined) fail('input.serialNumbers', 'distinct serial numbers', repeated);
    const accountId = uuid(input.accountId, 'input.accountId', 'a RentEngine account id');
    return context.write((client) => client.createLockboxes({ lockbox_type: type, serial_numbers: serials, account_id: accountId }));
  },

  async transferLockboxes(args, context) {
    if (args.lockboxIds.length === 0) fail('lockboxIds', 'at least one lockbox id', args.lockboxIds);
    const ids = [...new Set(args.lockboxIds.map((id, i) => rentengineUuidOf(id, `lockboxIds[${i}]`, 'Lockbox')))];
    const accountId = uuid(args.newAccountId, 'newAccountId', 'a RentEngine account id');
    return context.write((client) => client.transferLockboxes({ lockbox_ids: ids, new_account_id: accountId }));
  },
};
