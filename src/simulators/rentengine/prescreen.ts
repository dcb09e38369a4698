import type { LeasingEventType, PrescreeningTemplate, Unit } from './types.js';

/**
 * Prescreening of a self prospect against the unit's template, from the ranges the
 * prospect reports ("650-699", "700+", "$5000-$6000/month"). A range passes when
 * its top reaches the template's minimum: the prospect may be at the top of it.
 */

export type Range = readonly [number, number];

/** "650-699" → [650, 699]; "700+" → [700, ∞); "<580", "below 580" → [0, 579]; "720" → [720, 720]. null when unreadable. */
export function parseRange(text: string): Range | null {
  const cleaned = text.toLowerCase().replace(/\/\s*(month|mo)\b/, '').replace(/[$,\s]/g, '').replace(/(\d+(?:\.\d+)?)k\b/g, (_, n: string) => String(Number(n) * 1000));
  let match = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(cleaned);
  if (match !== null) return [Number(match[1]), Number(match[2])];
  match = /^(\d+(?:\.\d+)?)\+$/.exec(cleaned);
  if (match !== null) return [Number(match[1]), Infinity];
  match = /^(?:<|below|under|lessthan)(\d+(?:\.\d+)?)$/.exec(cleaned);
  if (match !== null) return [0, Number(match[1]) - 1];
  match = /^(\d+(?:\.\d+)?)$/.exec(cleaned);
  if (match !== null) return [Number(match[1]), Number(match[1])];
  return null;
}

export type PrescreenOutcome =
  | { passed: true }
  | { passed: false; eventType: Extract<LeasingEventType, `Prescreen Rejected - ${string}`>; message: string };

export function prescreen(template: PrescreeningTemplate, unit: Unit, credit: Range, creditText: string, income: Range, incomeText: string): PrescreenOutcome {
  const { minimumCreditScore, minimumIncomeRentMultiplier } = template.rules;
  if (credit[1] < minimumCreditScore) {
    return {
      passed: false,
      eventType: 'Prescreen Rejected - Self reported credit',
      message: `Prescreening failed: a self-reported credit score of ${creditText} is below the minimum of ${minimumCreditScore} set by the "${template.name}" template for unit ${unit.id}`,
    };
  }
  const rent = unit.target_rental_rate === null ? NaN : Number(unit.target_rental_rate);
  const needed = Math.ceil(rent * minimumIncomeRentMultiplier);
  if (Number.isFinite(rent) && income[1] < needed) {
    return {
      passed: false,
      eventType: 'Prescreen Rejected - Self reported income',
      message: `Prescreening failed: a self-reported monthly income of ${incomeText} is below ${minimumIncomeRentMultiplier} × the rent of ${rent} (${needed}) set by the "${template.name}" template for unit ${unit.id}`,
    };
  }
  return { passed: true };
}
