import { z } from 'zod';

/**
 * How a vendor module declares its environment variables. config.ts reads the
 * environment once, checks every module's variables with the module's own schemas (one
 * message per bad value: "NAME: expected …, got …") and hands each module its settings;
 * it names no vendor itself. The zod building blocks below are the forms variables take,
 * shared by config.ts and the modules so that every variable of one form reads the same.
 */

/** What every vendor's settings say, whatever else they hold. */
export interface VendorSettings {
  /** Set: the vendor is LIVE (or its simulator's URL was put here); null: not configured. */
  baseUrl: string | null;
}

export interface VendorConfig<S extends VendorSettings> {
  /** The variable that makes the vendor LIVE, named in messages ("… is not set"). */
  baseUrlVariable: string;
  /** Its variables and their forms, in the order they are checked. Unset and empty values arrive as undefined. */
  variables: Readonly<Record<string, z.ZodType>>;
  /** Variables a LIVE vendor cannot work without: each is required once `baseUrlVariable` is set. */
  requiredWhenLive: readonly string[];
  /** Its settings from its checked variables (keyed by variable name). */
  settings(values: Readonly<Record<string, unknown>>): S;
  /** Every secret among its settings, for redaction from logs and errors. */
  secrets(settings: S): readonly (string | null)[];
}

/**
 * A VendorConfig whose `settings` sees its variables with the types their schemas give
 * (the values config.ts passes were checked by exactly these schemas).
 */
export function vendorConfig<Shape extends Record<string, z.ZodType>, S extends VendorSettings>(spec: {
  baseUrlVariable: keyof Shape & string;
  variables: Shape;
  requiredWhenLive?: readonly (keyof Shape & string)[];
  settings(values: z.output<z.ZodObject<Shape>>): S;
  secrets(settings: S): readonly (string | null)[];
}): VendorConfig<S> {
  return {
    baseUrlVariable: spec.baseUrlVariable,
    variables: spec.variables,
    requiredWhenLive: spec.requiredWhenLive ?? [],
    settings: (values) => spec.settings(values as z.output<z.ZodObject<Shape>>),
    secrets: (settings) => spec.secrets(settings),
  };
}

export interface RateLimit {
  requests: number;
  perMillis: number;
}

/** Trimmed text, absent when unset. */
export const optionalText = z.string().trim().min(1).optional();

/** An http(s) base URL without a trailing slash, absent when unset. */
export const baseUrl = z
  .string()
  .trim()
  .refine((value) => /^https?:\/\/[^\s/]+/.test(value) && URL.canParse(value), 'an http(s) URL such as https://vendor.example.com')
  .transform((value) => value.replace(/\/+$/, ''))
  .optional();

export const integer = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `a whole number from ${min} to ${max}`);

/** A whole number of seconds, 0 = off; read as milliseconds or null. */
export const secondsOrOff = (defaultSeconds: number) =>
  integer(0, 86_400)
    .default(defaultSeconds)
    .transform((seconds): number | null => (seconds === 0 ? null : seconds * 1000));

/** REQUESTS/WINDOW such as 20/5s or 50/500ms, or off (null). */
export const rateLimit = z
  .string()
  .trim()
  .regex(/^(\d+)\/(\d+)(ms|s)$|^off$/, 'REQUESTS/WINDOW such as 20/5s or 50/500ms, or off')
  .transform((value): RateLimit | null => {
    if (value === 'off') return null;
    const [, requests, amount, unit] = /^(\d+)\/(\d+)(ms|s)$/.exec(value) ?? [];
    return { requests: Number(requests), perMillis: Number(amount) * (unit === 's' ? 1000 : 1) };
  });
