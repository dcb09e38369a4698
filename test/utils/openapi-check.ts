import { dereference, validate } from '@readme/openapi-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';

/** Validates an OpenAPI 3.1 document, and real responses against the JSON Schema it declares for them. */
type Operation = { responses: Record<string, { content?: Record<string, { schema: object }> }> };
type Document = { paths: Record<string, Record<string, Operation>> };

export async function openApiErrors(document: object): Promise<string[]> {
  const result = await validate(structuredClone(document) as never);
  return result.valid ? [] : result.errors.map((e) => e.message);
}

export async function responseChecker(document: object) {
  const resolved = (await dereference(structuredClone(document) as never)) as unknown as Document;
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  const compiled = new Map<object, ReturnType<typeof ajv.compile>>();
  /** Errors of `body` against the schema of (path, method, status); empty when it matches. */
  return (path: string, method: string, status: number, body: unknown): string[] => {
    const schema = resolved.paths[path]?.[method]?.responses[String(status)]?.content?.['application/json']?.schema;
    if (schema === undefined) return [`no JSON schema for ${method.toUpperCase()} ${path} ${status}`];
    let check = compiled.get(schema);
    if (check === undefined) {
      check = ajv.compile(schema);
      compiled.set(schema, check);
    }
    return check(body) ? [] : (check.errors ?? []).slice(0, 5).map((e) => `${e.instancePath} ${e.message ?? ''}`);
  };
}
