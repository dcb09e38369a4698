import {
  getNamedType, getNullableType, isEnumType, isInputObjectType, isListType, isScalarType,
  type GraphQLArgument, type GraphQLField, type GraphQLInputField, type GraphQLInputType,
} from 'graphql';

/**
 * What of a mutation's arguments the audit log keeps. Ids, enums, numbers, booleans and
 * dates are kept: they say what was changed without saying who anyone is. Every String
 * (and JSON) argument or input field is declared below as kept or redacted; one that is
 * not declared is redacted, and a test fails until it is, so a new field is a decision,
 * never a leak. Redacted: people's names, emails, phones, financial details, free text
 * (descriptions, answers) and tokens. Kept: addresses and names of buildings (the
 * property, not a person), vendor account and user ids, serial numbers, labels from a
 * vendor's fixed list.
 *
 * Coordinates: `Type.field` for input object fields, `Mutation.field(argument)` for
 * arguments.
 */
export type Redaction = 'keep' | 'redact';

export const REDACTED = '[redacted]';

export const AUDIT_INPUT_POLICY: Readonly<Record<string, Redaction>> = {
  // Lockboxes: hardware and account ids.
  'GenerateLockboxCodeInput.serialNumber': 'keep',
  'CreateLockboxesInput.serialNumbers': 'keep',
  'CreateLockboxesInput.accountId': 'keep',
  'CreateLockboxesInput.lockboxType': 'keep',
  'Mutation.transferLockboxes(newAccountId)': 'keep',
  // Prospects: the vendor's user ids.
  'Mutation.assignProspect(userIds)': 'keep',
  // Showings: the prospect is a person.
  'ScheduleShowingInput.method': 'keep',
  'ShowingProspectInput.firstName': 'redact',
  'ShowingProspectInput.lastName': 'redact',
  'ShowingProspectInput.email': 'redact',
  'ShowingProspectInput.phone': 'redact',
  'ShowingProspectInput.creditScore': 'redact',
  'ShowingProspectInput.income': 'redact',
  'ShowingProspectInput.agentToken': 'redact',
  'ShowingAnswerInput.question': 'keep',
  'ShowingAnswerInput.answer': 'redact',
  // Units and listings: the property's address and figures.
  'UpsertUnitInput.line1': 'keep',
  'UpsertUnitInput.unitNumber': 'keep',
  'UpsertUnitInput.city': 'keep',
  'UpsertUnitInput.region': 'keep',
  'UpsertUnitInput.postalCode': 'keep',
  'CreateListingInput.name': 'keep',
  'CreateListingInput.line1': 'keep',
  'CreateListingInput.city': 'keep',
  'CreateListingInput.region': 'keep',
  'CreateListingInput.country': 'keep',
  'CreateListingInput.postalCode': 'keep',
  'UpdateListingInput.description': 'redact',
  // The portfolio: buildings and floorplans; free text is redacted.
  'UpsertMultifamilyPropertyInput.communityName': 'keep',
  'UpsertMultifamilyPropertyInput.description': 'redact',
  'UpsertMultifamilyPropertyInput.structureType': 'keep',
  'UpsertMultifamilyPropertyInput.externalIds': 'redact',
  'UpsertMultifamilyPropertyInput.textAddress': 'keep',
  'UpsertMultifamilyPropertyInput.accountId': 'keep',
  'UpsertFloorplanInput.name': 'keep',
  'UpsertFloorplanInput.description': 'redact',
  'PhotoInput.path': 'keep',
  // The documented write fields beyond the contract's. Who a code is for, contacts and
  // team members are people; notes, descriptions and access instructions (gate codes,
  // where the key is) are free text or secrets.
  'GenerateLockboxCodeInput.createdFor': 'redact',
  'LockboxEventMetadataInput.installerId': 'keep',
  'LockboxEventMetadataInput.notes': 'redact',
  'Mutation.assignProspect(notes)': 'redact',
  'CreateListingInput.unitNumber': 'keep',
  'CreateListingInput.description': 'redact',
  'CreateListingInput.applicationUrl': 'keep',
  'CreateListingInput.photoUrls': 'keep',
  'UpdateListingInput.name': 'keep',
  'UpdateListingInput.line1': 'keep',
  'UpdateListingInput.unitNumber': 'keep',
  'UpdateListingInput.city': 'keep',
  'UpdateListingInput.region': 'keep',
  'UpdateListingInput.country': 'keep',
  'UpdateListingInput.postalCode': 'keep',
  'UpdateListingInput.applicationUrl': 'keep',
  'UpdateListingInput.photoUrls': 'keep',
  'ListingBuildingInput.name': 'keep',
  'ListingContactInput.firstName': 'redact',
  'ListingContactInput.lastName': 'redact',
  'ListingContactInput.email': 'redact',
  'ListingContactInput.phone': 'redact',
  'ListingContactInput.dialCode': 'keep',
  'ListingTeamMemberInput.email': 'redact',
  'ListingTeamMemberInput.firstName': 'redact',
  'ListingTeamMemberInput.lastName': 'redact',
  'ListingTeamMemberInput.timeZone': 'keep',
  'UpsertUnitInput.renovated': 'redact',
  'UpsertUnitInput.amenities': 'keep',
  'UpsertUnitInput.highlightedAmenities': 'keep',
  'UpsertUnitInput.petsAllowed': 'keep',
  'UpsertUnitInput.petRestrictions': 'redact',
  'UpsertUnitInput.keyAccess': 'redact',
  'UpsertUnitInput.accessInstructions': 'redact',
  'UpsertUnitInput.marketingDescription': 'redact',
  'UpsertUnitInput.hoaApplicationUrl': 'keep',
  // Identity administration: vendor record ids.
  'SourceInput.externalId': 'keep',
};

/** Scalars whose values never say who someone is; others (String, JSON) follow the policy. */
const KEPT_SCALARS = new Set(['ID', 'Int', 'Float', 'Boolean', 'Date', 'DateTime']);

function redactValue(type: GraphQLInputType, coordinate: string, value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  const nullable = getNullableType(type);
  if (isListType(nullable)) return Array.isArray(value) ? value.map((item) => redactValue(nullable.ofType as GraphQLInputType, coordinate, item)) : redactValue(nullable.ofType as GraphQLInputType, coordinate, value);
  if (isInputObjectType(nullable)) {
    const fields = nullable.getFields();
    const out: Record<string, unknown> = {};
    for (const [name, fieldValue] of Object.entries(value as Record<string, unknown>)) {
      const field = fields[name];
      out[name] = field === undefined ? REDACTED : redactValue(field.type, `${nullable.name}.${name}`, fieldValue);
    }
    return out;
  }
  if (isEnumType(nullable)) return value;
  if (isScalarType(nullable) && KEPT_SCALARS.has(nullable.name)) return value;
  return AUDIT_INPUT_POLICY[coordinate] === 'keep' ? value : REDACTED;
}

/** A mutation field's arguments as the audit log stores them. */
export function redactArguments(parentType: string, field: Pick<GraphQLField<unknown, unknown>, 'name' | 'args'>, args: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) {
    const argument = field.args.find((arg) => arg.name === name);
    out[name] = argument === undefined ? REDACTED : redactValue(argument.type, `${parentType}.${field.name}(${name})`, value);
  }
  return out;
}

/**
 * Every coordinate of a String or JSON argument or input field reachable from these
 * fields' arguments: what AUDIT_INPUT_POLICY must declare.
 */
export function redactableCoordinates(parentType: string, fields: readonly Pick<GraphQLField<unknown, unknown>, 'name' | 'args'>[]): string[] {
  const found = new Set<string>();
  const seen = new Set<string>();
  const visit = (type: GraphQLInputType, coordinate: string) => {
    const named = getNamedType(type);
    if (isInputObjectType(named)) {
      if (seen.has(named.name)) return;
      seen.add(named.name);
      for (const field of Object.values(named.getFields()) as GraphQLInputField[]) visit(field.type, `${named.name}.${field.name}`);
    } else if (isScalarType(named) && !KEPT_SCALARS.has(named.name)) found.add(coordinate);
  };
  for (const field of fields) for (const arg of field.args as readonly GraphQLArgument[]) visit(arg.type, `${parentType}.${field.name}(${arg.name})`);
  return [...found].sort();
}
