import type { NewEvent } from '../events/types.js';

/**
 * The form of every id a webhook carries before it becomes a dedupe key (the delivery
 * id) or a record id (the event's record, unit and prospect): 1 to 128 characters from
 * A–Z a–z 0–9 and `. _ - : ~ @ + = /`. That covers every vendor's ids (integers, UUIDs,
 * `[A-Za-z0-9_-]` record ids, message-queue and Standard Webhooks message ids,
 * base64) and keeps a global id built from one well under the 512 characters an id
 * may have; control characters, spaces, quotes and non-ASCII never reach the log.
 */
export const WEBHOOK_ID_MAX_LENGTH = 128;
export const WEBHOOK_ID_CHARACTERS = 'A–Z a–z 0–9 . _ - : ~ @ + = /';
const SAFE_CHARACTER = /^[A-Za-z0-9._:~@+=/-]$/;

const FORM = `1 to ${WEBHOOK_ID_MAX_LENGTH} characters from ${WEBHOOK_ID_CHARACTERS}`;

function describeCharacter(character: string): string {
  const codePoint = `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return /^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]$/u.test(character) ? `a control character (${codePoint})` : `${JSON.stringify(character)} (${codePoint})`;
}

/** Null when `value` has the allowed form; else a message naming `what`, the form, and what arrived. */
export function webhookIdProblem(what: string, value: string): string | null {
  if (value.length === 0) return `expected ${what} to be ${FORM}, got an empty value`;
  if (value.length > WEBHOOK_ID_MAX_LENGTH) return `expected ${what} to be ${FORM}, got ${value.length} characters`;
  let position = 0;
  for (const character of value) {
    position++;
    if (!SAFE_CHARACTER.test(character)) return `expected ${what} to be ${FORM}, got ${describeCharacter(character)} at position ${position}`;
  }
  return null;
}

/** The first id of an interpreted delivery that does not have the allowed form, as a message; null when all do. */
export function eventIdProblem(events: readonly NewEvent[]): string | null {
  for (const event of events) {
    const record = event.entityType.toLowerCase().replaceAll('_', ' ');
    const problem =
      webhookIdProblem(`the ${record}'s id`, event.externalId) ??
      (event.unitRef === null ? null : webhookIdProblem(`the ${record}'s unit id`, event.unitRef.externalId)) ??
      (event.prospectRef === null ? null : webhookIdProblem(`the ${record}'s prospect id`, event.prospectRef.externalId));
    if (problem !== null) return problem;
  }
  return null;
}
