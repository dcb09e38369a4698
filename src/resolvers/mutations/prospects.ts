import type { Resolvers } from '../../generated/resolvers.js';
import { fail, uuid } from './checks.js';
import { rentengineIntegerOf, vendorIdOf } from './ids.js';
import { rentengineOf, write } from './write.js';

export const prospectMutations: Resolvers = {
  Mutation: {
    // RentEngine takes one leasing event per request, and only "Assign to User" (rentengine-endpoints.md §6).
    assignProspect: (_root, args, context, info) =>
      write(context, info, args, ['RENTENGINE'], async () => {
        const client = rentengineOf(context, 'assignProspect');
        const prospectId = rentengineIntegerOf(vendorIdOf(args.prospectId, 'prospectId', 'Prospect', 'RENTENGINE'), 'prospectId', 'Prospect');
        if (args.userIds.length === 0) fail('userIds', 'at least one RentEngine user id to assign the prospect to', args.userIds);
        const userIds = [...new Set(args.userIds.map((id, i) => uuid(id, `userIds[${i}]`, 'a RentEngine user id')))];
        return client.createLeasingEvent({
          prospect_id: prospectId,
          event_type: 'Assign to User',
          context: { assignedToUserIds: userIds, applyActionInBulk: args.applyInBulk ?? false },
        });
      }, (event) => event),
  },
};
