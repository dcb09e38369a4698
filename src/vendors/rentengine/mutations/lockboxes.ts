import type { LockboxEventModel, LockboxInstallationModel, LockboxModel } from '../../../domain/models.js';
import type { WriteContext } from '../../../ports/writes.js';
import { VendorError } from '../../../errors.js';
import type { LockboxCodeType, LockboxEventMetadataInput, MutationInstallLockboxArgs } from '../../../generated/graphql.js';
import type { GenerateLockboxCodeBody, LockboxEventBody } from '../writes.js';
import { checkInput, checkInputAsync, dateOf, fail, isSet, text, uuid, type InputCheck } from '../../../ports/input.js';
import { rentengineUnitIdOf, rentengineUuidOf } from './ids.js';
import type { VendorWrites } from '../../../ports/writes.js';
import type { RentengineClient } from '../client.js';
import { lockboxDraft, lockboxEventWrites, RENTENGINE_RESOURCE } from '../resources.js';

/** RentEngine creates SentriLock boxes only through its API (Codebox is managed in its app). */
const CREATABLE_LOCKBOX_TYPES = ['Sentrilock'] as const;

/** A code is for a day; yesterday (UTC) is still today somewhere west of UTC. */
function codeDate(value: unknown, now: Date): string {
  const date = dateOf(value, 'input.date');
  const yesterday = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
  if (date < yesterday) fail('input.date', `today or a later day (YYYY-MM-DD; it is ${now.toISOString().slice(0, 10)} UTC now)`, date);
  return date;
}

const CODE_TYPES: Record<LockboxCodeType, 'ACCESS' | 'SHACKLE'> = { ACCESS: 'ACCESS', SHACKLE: 'SHACKLE' };

/** What an install or uninstall records beside the event: who did it and notes. */
function eventMetadata(check: InputCheck, metadata: LockboxEventMetadataInput): NonNullable<LockboxEventBody['metadata']> {
  const installerId = check.optional(metadata.installerId, (v) => uuid(v, 'metadata.installerId', 'a RentEngine user id'));
  const notes = check.optional(metadata.notes, (v) => text(v, 'metadata.notes'));
  if (installerId === undefined && notes === undefined && check.ok) {
    check.problem('metadata', 'metadata must give installerId or notes (expected what to record with the event), got neither');
  }
  return { ...(installerId !== undefined && { installer_id: installerId }), ...(notes !== undefined && { notes }) };
}

/** Install or Uninstall: one lockbox event at a unit. */
async function lockboxEvent(kind: 'Install' | 'Uninstall', args: MutationInstallLockboxArgs, context: WriteContext<RentengineClient>): Promise<LockboxEventModel> {
  const body = await checkInputAsync(async (check): Promise<LockboxEventBody> => {
    const lockboxId = check.field(() => rentengineUuidOf(args.lockboxId, 'lockboxId', 'Lockbox'));
    const metadata = check.optional(args.metadata, (m) => eventMetadata(check, m));
    const unitId = await check.fieldAsync(() => rentengineUnitIdOf(context, args.unitId, 'unitId'));
    return { lockbox_id: lockboxId, event_type: kind, unit_id: unitId, ...(metadata !== undefined && { metadata }) };
  });
  const events = await context.write((client) => client.createLockboxEvents([body]));
  const event = events[0];
  if (event === undefined) {
    throw new VendorError({ code: 'VENDOR_BAD_RESPONSE', vendor: 'RENTENGINE', message: `RENTENGINE POST /lockbox_events answered no event (expected the ${kind} event it recorded)` });
  }
  await context.keep(lockboxEventWrites(event));
  return event;
}

/**
 * Keeps lockboxes a write answered with, each under the unit its active installation
 * names, as the sync files them. Without the installations (their read failed), the
 * lockboxes are left to the next sync rather than filed under no unit.
 */
async function keepLockboxes(context: WriteContext<RentengineClient>, lockboxes: readonly LockboxModel[]): Promise<void> {
  if (lockboxes.length === 0) return;
  let installations: LockboxInstallationModel[];
  try {
    installations = await context.client.lockboxInstallations({ lockboxIds: lockboxes.map((lockbox) => lockbox.externalId), active: true });
  } catch (error) {
    if (!(error instanceof VendorError)) throw error;
    context.logger.warn({ err: error }, 'RentEngine lockboxes were written, but their installations could not be read; the next sync keeps them');
    return;
  }
  const installedAt = new Map(installations.flatMap((installation) => (installation.unitExternalId === null ? [] : [[installation.lockboxExternalId, installation.unitExternalId] as const])));
  await context.keep([{ resource: RENTENGINE_RESOURCE.lockboxes, upserts: lockboxes.map((lockbox) => lockboxDraft(lockbox, installedAt.get(lockbox.externalId) ?? null)) }]);
}

export const lockboxWrites: VendorWrites<RentengineClient> = {
  async generateLockboxCode(args, context) {
    const { input } = args;
    const body = await checkInputAsync(async (check): Promise<GenerateLockboxCodeBody> => {
      const date = check.field(() => codeDate(input.date, new Date()));
      const serialNumber = check.optional(input.serialNumber, (v) => text(v, 'input.serialNumber'));
      const lockboxId = check.optional(input.lockboxId, (v) => rentengineUuidOf(v, 'input.lockboxId', 'Lockbox'));
      const createdFor = check.optional(input.createdFor, (v) => text(v, 'input.createdFor'));
      if (!isSet(input.lockboxId) && !isSet(input.serialNumber) && !isSet(input.unitId)) {
        check.problem('input', 'input needs one of lockboxId, unitId or serialNumber to find the lockbox; none was given');
      }
      const unitId = isSet(input.unitId) ? await check.fieldAsync(() => rentengineUnitIdOf(context, input.unitId!, 'input.unitId')) : undefined;
      return {
        date,
        ...(lockboxId !== undefined && { lockbox_id: lockboxId }),
        ...(serialNumber !== undefined && { serial_number: serialNumber }),
        ...(unitId !== undefined && { unit_id: unitId }),
        ...(createdFor !== undefined && { created_for: createdFor }),
        ...(isSet(input.codeType) && { code_type: CODE_TYPES[input.codeType] }),
      };
    });
    return context.write((client) => client.generateLockboxCode(body));
  },

  installLockbox: (args, context) => lockboxEvent('Install', args, context),
  uninstallLockbox: (args, context) => lockboxEvent('Uninstall', args, context),

  async createLockboxes(args, context) {
    const { input } = args;
    const body = checkInput((check) => {
      const type = check.field(() => {
        const value = text(input.lockboxType ?? 'Sentrilock', 'input.lockboxType');
        if (!(CREATABLE_LOCKBOX_TYPES as readonly string[]).includes(value)) {
          fail('input.lockboxType', '"Sentrilock" (the only type RentEngine creates through its API)', input.lockboxType);
        }
        return value;
      });
      if (input.serialNumbers.length === 0) check.field(() => fail('input.serialNumbers', 'at least one serial number', input.serialNumbers));
      const serials = input.serialNumbers.map((serial, i) => check.field(() => text(serial, `input.serialNumbers[${i}]`)));
      const repeated = serials.find((serial, i) => serial !== undefined && serials.indexOf(serial) !== i);
      if (repeated !== undefined) check.field(() => fail('input.serialNumbers', 'distinct serial numbers', repeated));
      const accountId = check.field(() => uuid(input.accountId, 'input.accountId', 'a RentEngine account id'));
      return { lockbox_type: type, serial_numbers: serials, account_id: accountId };
    });
    const lockboxes = await context.write((client) => client.createLockboxes(body));
    // A new lockbox is installed nowhere yet.
    await context.keep([{ resource: RENTENGINE_RESOURCE.lockboxes, upserts: lockboxes.map((lockbox) => lockboxDraft(lockbox, null)) }]);
    return lockboxes;
  },

  async transferLockboxes(args, context) {
    const body = checkInput((check) => {
      if (args.lockboxIds.length === 0) check.field(() => fail('lockboxIds', 'at least one lockbox id', args.lockboxIds));
      const ids = [...new Set(args.lockboxIds.map((id, i) => check.field(() => rentengineUuidOf(id, `lockboxIds[${i}]`, 'Lockbox'))))];
      const accountId = check.field(() => uuid(args.newAccountId, 'newAccountId', 'a RentEngine account id'));
      return { lockbox_ids: ids, new_account_id: accountId };
    });
    const lockboxes = await context.write((client) => client.transferLockboxes(body));
    await keepLockboxes(context, lockboxes);
    return lockboxes;
  },
};
