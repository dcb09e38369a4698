import { describe, expect, it } from 'vitest';
import { AUDIT_INPUT_POLICY, REDACTED, redactableCoordinates, redactArguments } from '../../src/access/redaction.js';
import { buildSchema } from '../../src/schema.js';

const schema = buildSchema();
const mutation = schema.getMutationType()!;
const fields = Object.values(mutation.getFields());

describe('what the audit log keeps of a mutation\'s input', () => {
  it('declares every String and JSON argument and input field of every mutation as kept or redacted', () => {
    const undeclared = redactableCoordinates(mutation.name, fields).filter((coordinate) => AUDIT_INPUT_POLICY[coordinate] === undefined);
    expect(undeclared).toEqual([]);
  });

  it('redacts people\'s names, emails, phones, finances, answers and tokens, and keeps ids, enums, dates and the property\'s address', () => {
    const input = {
      unitId: 'VW5pdDp1LTE', startsAt: '2031-04-02T15:00:00.000Z', method: 'Self Guided',
      prospect: {
        firstName: 'Ada', lastName: 'Byron', email: 'ada@example.com', phone: '5550100', creditScore: '700+', income: '$5000', agentToken: 'AB12CD',
        questionAnswers: [{ question: 'Pets?', answer: 'two dogs' }],
      },
    };
    expect(redactArguments('Mutation', mutation.getFields()['scheduleShowing']!, { input })).toEqual({
      input: {
        unitId: 'VW5pdDp1LTE', startsAt: '2031-04-02T15:00:00.000Z', method: 'Self Guided',
        prospect: { firstName: REDACTED, lastName: REDACTED, email: REDACTED, phone: REDACTED, creditScore: REDACTED, income: REDACTED, agentToken: REDACTED, questionAnswers: [{ question: 'Pets?', answer: REDACTED }] },
      },
    });
    expect(redactArguments('Mutation', mutation.getFields()['createListing']!, { input: { name: 'Loft', line1: '12 King St', city: 'Leeds', region: 'WY', country: 'GB', rent: 950, bedrooms: 2 } }))
      .toEqual({ input: { name: 'Loft', line1: '12 King St', city: 'Leeds', region: 'WY', country: 'GB', rent: 950, bedrooms: 2 } });
    expect(redactArguments('Mutation', mutation.getFields()['updateListing']!, { id: 'TGlzdGluZzpMRUFTRVk6NTAy', input: { rent: 990, description: 'Call Ada on 5550100' } }))
      .toEqual({ id: 'TGlzdGluZzpMRUFTRVk6NTAy', input: { rent: 990, description: REDACTED } });
  });

  it('redacts a String it has no declaration for', () => {
    const field = { name: 'somethingNew', args: mutation.getFields()['transferLockboxes']!.args };
    expect(redactArguments('Mutation', field, { lockboxIds: ['TG9ja2JveDpSRU5URU5HSU5FOjE'], newAccountId: 'acct-1' })).toEqual({ lockboxIds: ['TG9ja2JveDpSRU5URU5HSU5FOjE'], newAccountId: REDACTED });
    expect(redactArguments('Mutation', field, { unexpected: 'x' })).toEqual({ unexpected: REDACTED });
  });
});
