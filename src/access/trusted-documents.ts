import { parse, type GraphQLError } from 'graphql';
import { badInput } from '../errors.js';
import { readJsonFile } from './json-file.js';
import { hasScope, type Client } from './scopes.js';

/**
 * Trusted documents (RENTGRAPH_TRUSTED_DOCUMENTS): a persisted-operation manifest, as a
 * client project's build writes it, of the only operations keys without ADMIN may run.
 * Two formats are read:
 *
 * - GraphQL Code Generator's client preset (`persistedDocuments: true`) writes
 *   persisted-documents.json, a map of hash to document: {"<sha256>": "query ... { ... }"};
 * - @apollo/generate-persisted-query-manifest writes persisted-query-manifest.json:
 *   {"format": "apollo-persisted-query-manifest", "version": 1,
 *    "operations": [{"id", "body", "name", "type"}]}.
 *
 * A client names an operation by its id (`extensions.persistedQuery.sha256Hash`, as
 * Apollo Client's persisted-queries link and the client preset send it, or a
 * `documentId` field, bare or as "sha256:<hash>") or sends its text, which must equal
 * the manifest's byte for byte. While a manifest is set, nothing registers new
 * operations: automatic persisted queries are answered from the manifest only.
 */
export interface TrustedDocuments {
  readonly path: string;
  readonly size: number;
  byId(id: string): string | undefined;
  hasText(text: string): boolean;
  /**
   * Reads the manifest again (SIGHUP): a good file replaces the operations at once, for
   * every request that starts afterwards; a bad one throws TrustedDocumentsError and the
   * operations in force stay. Answers the number of operations now in force.
   */
  reload(): number;
}

export class TrustedDocumentsError extends Error {
  override readonly name = 'TrustedDocumentsError';
}

const APOLLO_FORMAT = 'apollo-persisted-query-manifest';
const FORMS = `a GraphQL Code Generator persisted-documents.json ({"<hash>": "<document>"}) or an Apollo persisted-query-manifest.json ({"format": "${APOLLO_FORMAT}", "version": 1, "operations": [...]})`;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The manifest's id → document pairs, checked. */
export function manifestEntries(manifest: unknown): [string, string][] {
  if (!isRecord(manifest)) throw new TrustedDocumentsError(`expected ${FORMS}, got ${Array.isArray(manifest) ? 'a list' : `a JSON ${manifest === null ? 'null' : typeof manifest}`}`);
  let entries: [string, string][];
  if ('format' in manifest) {
    if (manifest['format'] !== APOLLO_FORMAT || manifest['version'] !== 1) {
      throw new TrustedDocumentsError(`expected format "${APOLLO_FORMAT}" version 1, got format ${JSON.stringify(manifest['format'])} version ${JSON.stringify(manifest['version'])}`);
    }
    const operations = manifest['operations'];
    if (!Array.isArray(operations)) throw new TrustedDocumentsError(`expected "operations" to be a list of {id, body, name, type}, got ${JSON.stringify(operations)?.slice(0, 40) ?? 'nothing'}`);
    entries = operations.map((operation: unknown, index) => {
      if (!isRecord(operation) || typeof operation['id'] !== 'string' || operation['id'] === '' || typeof operation['body'] !== 'string') {
        throw new TrustedDocumentsError(`operations[${index}]: expected {"id": "<id>", "body": "<document>", ...} with string id and body, got ${JSON.stringify(operation)?.slice(0, 80) ?? 'nothing'}`);
      }
      return [operation['id'], operation['body']];
    });
  } else {
    entries = Object.entries(manifest).map(([id, body]) => {
      if (typeof body !== 'string') throw new TrustedDocumentsError(`"${id}": expected the document's text as a string, got ${Array.isArray(body) ? 'a list' : body === null ? 'null' : `a ${typeof body}`}`);
      return [id, body];
    });
  }
  if (entries.length === 0) throw new TrustedDocumentsError('expected at least one operation, got an empty manifest (every key without ADMIN would be refused everything)');
  const seen = new Map<string, string>();
  for (const [id, body] of entries) {
    const earlier = seen.get(id);
    if (earlier !== undefined && earlier !== body) throw new TrustedDocumentsError(`"${id}": expected each id once, got it for two different documents`);
    seen.set(id, body);
    try {
      parse(body, { noLocation: true });
    } catch (error) {
      throw new TrustedDocumentsError(`"${id}": expected a GraphQL document, got one that does not parse (${(error as GraphQLError).message})`);
    }
  }
  return entries;
}

function readManifest(path: string): { byId: Map<string, string>; texts: Set<string> } {
  const manifest = readJsonFile(path, FORMS, (message) => new TrustedDocumentsError(message), true);
  const byId = new Map(manifestEntries(manifest));
  return { byId, texts: new Set(byId.values()) };
}

export function readTrustedDocuments(path: string): TrustedDocuments {
  let current = readManifest(path);
  return {
    path,
    get size() {
      return current.byId.size;
    },
    byId: (id) => current.byId.get(id),
    hasText: (body) => current.texts.has(body),
    reload() {
      current = readManifest(path);
      return current.byId.size;
    },
  };
}

/** The parts of a request (HTTP body or query string, graphql-ws payload) that name its document. */
export interface DocumentRequest {
  query?: unknown;
  documentId?: unknown;
  extensions?: unknown;
}

/** The document to run, with the id forms taken out so nothing downstream registers it; or why not. */
export type TrustedResolution = { query: string | undefined; extensions: Record<string, unknown> | undefined } | { refusal: GraphQLError };

const refuse = (got: string): { refusal: GraphQLError } => ({
  refusal: badInput(`expected an operation of the trusted-documents manifest (RENTGRAPH_TRUSTED_DOCUMENTS), which keys without the ADMIN scope are limited to; got ${got}`, 'query'),
});

const shownId = (id: string) => JSON.stringify(id.length > 80 ? `${id.slice(0, 80)}…` : id);

export function resolveTrustedDocument(documents: TrustedDocuments, client: Client, request: DocumentRequest): TrustedResolution {
  const admin = hasScope(client, 'ADMIN');
  const query = typeof request.query === 'string' && request.query !== '' ? request.query : undefined;
  const extensions = isRecord(request.extensions) ? { ...request.extensions } : undefined;
  const persisted = extensions?.['persistedQuery'];
  const hash = isRecord(persisted) && typeof persisted['sha256Hash'] === 'string' ? persisted['sha256Hash'] : undefined;
  if (extensions !== undefined) delete extensions['persistedQuery'];
  const documentId = typeof request.documentId === 'string' ? request.documentId : undefined;
  const id = documentId ?? hash;
  if (id !== undefined) {
    const body = documents.byId(id) ?? (id.startsWith('sha256:') ? documents.byId(id.slice('sha256:'.length)) : undefined);
    if (body !== undefined) {
      if (query !== undefined && query !== body) return refuse(`the id ${shownId(id)} with a text that differs from its document`);
      return { query: body, extensions };
    }
    if (query === undefined) return refuse(`the id ${shownId(id)}, which it does not have${admin ? ' (automatic persisted queries register nothing while it is set: send the text with it)' : ''}`);
    if (!admin) return refuse(`the id ${shownId(id)}, which it does not have`);
  }
  if (query !== undefined && !admin && !documents.hasText(query)) return refuse('a document that is not in it');
  return { query, extensions };
}
