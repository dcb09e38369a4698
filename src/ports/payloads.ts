import type { z } from 'zod';
import { VendorError } from '../errors.js';
import type { Vendor } from '../domain/vendor.js';

/**
 * Checks a raw vendor payload against its schema once, at the edge. A payload that
 * breaks the shape becomes VENDOR_BAD_RESPONSE naming the field and what was expected,
 * never a crash deeper in.
 */
export function checkPayload<S extends z.ZodType>(vendor: Vendor, operation: string, schema: S, payload: unknown): z.output<S> {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length === 0 ? 'the body' : issue.path.map(String).join('.');
  throw new VendorError({
    code: 'VENDOR_BAD_RESPONSE',
    vendor,
    message: `${vendor} ${operation} returned an unexpected payload at ${field}: ${issue.message}`,
  });
}

/**
 * Identical GETs in flight at once share one parsed body (http.ts). A client maps such
 * a body once for all of its callers: the result is shared too, so callers treat it as
 * read-only, like the body itself.
 */
export function mapOncePerBody<R>(): (body: unknown, map: (body: unknown) => R) => R {
  const mapped = new WeakMap<object, R>();
  return (body, map) => {
    if (typeof body !== 'object' || body === null) return map(body);
    let result = mapped.get(body);
    if (result === undefined) {
      result = map(body);
      mapped.set(body, result);
    }
    return result;
  };
}
