import type { LeasingEventSource } from '../../../generated/graphql.js';
import { checkInput, fail, isSet, text, uuid, vendorIdOf } from '../../../ports/input.js';
import { leasingEventDrafts, RENTENGINE_RESOURCE } from '../resources.js';
import { rentengineIntegerOf } from './ids.js';
import type { VendorWrites } from '../../../ports/writes.js';
import type { RentengineClient } from '../client.js';

/** RentEngine's leasing event sources (POST /leasing_events). */
const SOURCES: Record<LeasingEventSource, string> = {
  PHONE_CALL: 'Phone Call', TEXT_MESSAGE: 'Text Message', EMAIL: 'Email', FACEBOOK_MESSAGE: 'Facebook Message',
  WHATSAPP: 'WhatsApp', OTHER: 'Other', AUTOMATION: 'Automation',
};

export const prospectWrites: VendorWrites<RentengineClient> = {
  // RentEngine takes one leasing event per request, and only "Assign to User" (docs/vendors.md).
  async assignProspect(args, context) {
    const event = checkInput((check) => {
      const prospectId = check.field(() => rentengineIntegerOf(vendorIdOf(args.prospectId, 'prospectId', 'Prospect', 'RENTENGINE'), 'prospectId', 'Prospect'));
      if (args.userIds.length === 0) check.field(() => fail('userIds', 'at least one RentEngine user id to assign the prospect to', args.userIds));
      const userIds = [...new Set(args.userIds.map((id, i) => check.field(() => uuid(id, `userIds[${i}]`, 'a RentEngine user id'))))];
      const notes = check.optional(args.notes, (v) => text(v, 'notes'));
      return {
        prospect_id: prospectId,
        event_type: 'Assign to User' as const,
        ...(isSet(args.source) && { source: SOURCES[args.source] }),
        ...(notes !== undefined && { notes }),
        context: { assignedToUserIds: userIds, applyActionInBulk: args.applyInBulk ?? false },
      };
    });
    const written = await context.write((client) => client.createLeasingEvent(event));
    await context.keep([{ resource: RENTENGINE_RESOURCE.leasingEvents, upserts: leasingEventDrafts(written) }]);
    return written;
  },
};
