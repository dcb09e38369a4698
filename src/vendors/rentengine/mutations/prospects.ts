import { fail, uuid, vendorIdOf } from '../../../ports/input.js';
import { leasingEventDrafts, RENTENGINE_RESOURCE } from '../resources.js';
import { rentengineIntegerOf } from './ids.js';
import type { VendorWrites } from '../../../ports/writes.js';
import type { RentengineClient } from '../client.js';

export const prospectWrites: VendorWrites<RentengineClient> = {
  // RentEngine takes one leasing event per request, and only "Assign to User" (docs/vendors.md).
  async assignProspect(args, context) {
    const prospectId = rentengineIntegerOf(vendorIdOf(args.prospectId, 'prospectId', 'Prospect', 'RENTENGINE'), 'prospectId', 'Prospect');
    if (args.userIds.length === 0) fail('userIds', 'at least one RentEngine user id to assign the prospect to', args.userIds);
    const userIds = [...new Set(args.userIds.map((id, i) => uuid(id, `userIds[${i}]`, 'a RentEngine user id')))];
    const event = await context.write((client) => client.createLeasingEvent({
      prospect_id: prospectId,
      event_type: 'Assign to User',
      context: { assignedToUserIds: userIds, applyActionInBulk: args.applyInBulk ?? false },
    }));
    await context.keep([{ resource: RENTENGINE_RESOURCE.leasingEvents, upserts: leasingEventDrafts(event) }]);
    return event;
  },
};
