import { beforeEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { ConfigError } from '../../src/config.js';
import { startTestApp, type TestApp } from '../utils/app.js';
import { bearer, gatewayWithKeys, KEYS, post, sha256Hex, tempFolder, wsSession } from './support.js';

const VIEWER = 'query Viewer { viewer { name } }';
const VENDORS = 'query Vendors { vendors { vendor } }';
const UNLISTED = '{ units(first: 1) { edges { node { id } } } }';
const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

/** GraphQL Code Generator's client preset: persisted-documents.json, hash → document. */
const CODEGEN_MANIFEST = { [sha256Hex(VIEWER)]: VIEWER, [sha256Hex(VENDORS)]: VENDORS };

const expectTrustedRefusal = (answer: Awaited<ReturnType<typeof post>>, got: RegExp) => {
  expect(answer.status).toBe(400);
  expect(answer.body.data).toBeUndefined();
  expect(answer.body.errors).toEqual([{ message: expect.stringMatching(got), extensions: { code: 'BAD_USER_INPUT' } }]);
  expect(answer.body.errors![0]!.message).toMatch(/^expected an operation of the trusted-documents manifest \(RENTGRAPH_TRUSTED_DOCUMENTS\), which keys without the ADMIN scope are limited to; got /);
};

describe('trusted documents from a GraphQL Code Generator manifest', () => {
  const files = tempFolder();
  const gateway = gatewayWithKeys({ RENTGRAPH_TRUSTED_DOCUMENTS: files.write('persisted-documents.json', CODEGEN_MANIFEST) }, { files });
  let app: TestApp;
  beforeEach(() => {
    app = gateway();
  });

  it('runs a listed operation by its hash in extensions.persistedQuery, without its text', async () => {
    expect((await post(app, { extensions: persisted(sha256Hex(VIEWER)) }, bearer('reader'))).body).toEqual({ data: { viewer: { name: 'reader' } } });
  });

  it('runs a listed operation by documentId, bare or as sha256:<hash>', async () => {
    expect((await post(app, { documentId: sha256Hex(VIEWER) }, bearer('reader'))).body).toEqual({ data: { viewer: { name: 'reader' } } });
    expect((await post(app, { documentId: `sha256:${sha256Hex(VENDORS)}` }, bearer('reader'))).body.data?.['vendors']).toContainEqual({ vendor: 'RENTROLL' });
  });

  it('runs a listed operation sent as its identical text, and refuses any other text', async () => {
    expect((await post(app, { query: VIEWER }, bearer('reader'))).body).toEqual({ data: { viewer: { name: 'reader' } } });
    expectTrustedRefusal(await post(app, { query: `${VIEWER} ` }, bearer('reader')), /got a document that is not in it$/);
    expectTrustedRefusal(await post(app, { query: UNLISTED }, bearer('writer')), /got a document that is not in it$/);
  });

  it('refuses an unknown id, and an id sent with a text that is not its document', async () => {
    expectTrustedRefusal(await post(app, { documentId: 'not-in-the-manifest' }, bearer('reader')), /got the id "not-in-the-manifest", which it does not have$/);
    expectTrustedRefusal(await post(app, { query: UNLISTED, extensions: persisted(sha256Hex(VIEWER)) }, bearer('reader')), /with a text that differs from its document$/);
  });

  it('lets an ADMIN key run any operation, and registers none for anyone else', async () => {
    const ran = await post(app, { query: UNLISTED, extensions: persisted(sha256Hex(UNLISTED)) }, bearer('operator'));
    expect(ran.status).toBe(200);
    expect(ran.body.errors).toBeUndefined();
    expectTrustedRefusal(await post(app, { extensions: persisted(sha256Hex(UNLISTED)) }, bearer('reader')), /which it does not have$/);
    expectTrustedRefusal(await post(app, { extensions: persisted(sha256Hex(UNLISTED)) }, bearer('operator')), /which it does not have \(automatic persisted queries register nothing while it is set: send the text with it\)$/);
  });

  it('applies to GET: a listed documentId runs, an unlisted query is refused', async () => {
    const get = async (search: string) => {
      const response = await request(`${app.url}/graphql?${search}`, { headers: { ...bearer('reader'), 'apollo-require-preflight': '1' } });
      return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
    };
    expect(await get(`documentId=${sha256Hex(VIEWER)}`)).toEqual({ status: 200, body: { data: { viewer: { name: 'reader' } } } });
    expect(await get(`extensions=${encodeURIComponent(JSON.stringify(persisted(sha256Hex(VIEWER))))}`)).toEqual({ status: 200, body: { data: { viewer: { name: 'reader' } } } });
    expect((await get(`query=${encodeURIComponent(UNLISTED)}`)).status).toBe(400);
  });

  it('applies over graphql-ws: by id and by text it runs, anything else is an error and the connection stays open', async () => {
    const session = wsSession(app, { 'x-api-key': KEYS.reader.key });
    try {
      expect(await session.start({ query: '', extensions: persisted(sha256Hex(VIEWER)) }).first()).toEqual({ data: { viewer: { name: 'reader' } } });
      expect(await session.start({ query: '', documentId: sha256Hex(VIEWER) }).first()).toEqual({ data: { viewer: { name: 'reader' } } });
      const refused = await session.start({ query: UNLISTED }).first();
      expect(refused.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^expected an operation of the trusted-documents manifest/), extensions: { code: 'BAD_USER_INPUT' } });
      expect(await session.start({ query: VIEWER }).first()).toEqual({ data: { viewer: { name: 'reader' } } });
    } finally {
      await session.dispose();
    }
  });
});

describe('trusted documents from an Apollo persisted-query manifest', () => {
  const files = tempFolder();
  const manifest = { format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: 'viewer-v1', body: VIEWER, name: 'Viewer', type: 'query' }] };
  const gateway = gatewayWithKeys({ RENTGRAPH_TRUSTED_DOCUMENTS: files.write('persisted-query-manifest.json', manifest) }, { files });
  let app: TestApp;
  beforeEach(() => {
    app = gateway();
  });

  it('runs a listed operation by its id and by its text, and refuses the rest', async () => {
    expect((await post(app, { extensions: persisted('viewer-v1') }, bearer('reader'))).body).toEqual({ data: { viewer: { name: 'reader' } } });
    expect((await post(app, { query: VIEWER }, bearer('reader'))).body).toEqual({ data: { viewer: { name: 'reader' } } });
    expectTrustedRefusal(await post(app, { query: VENDORS }, bearer('reader')), /got a document that is not in it$/);
  });

  it('stops start-up on a manifest that is not one, naming the variable and the operation', async () => {
    const bad = files.write('bad.json', { format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: 'broken', body: 'query { viewer { ', name: 'Broken', type: 'query' }] });
    await expect(startTestApp({ rentrollUnits: 20, env: { RENTGRAPH_TRUSTED_DOCUMENTS: bad } })).rejects.toThrow(ConfigError);
    await expect(startTestApp({ rentrollUnits: 20, env: { RENTGRAPH_TRUSTED_DOCUMENTS: bad } })).rejects.toThrow(/^RENTGRAPH_TRUSTED_DOCUMENTS: "broken": expected a GraphQL document, got one that does not parse/);
    await expect(startTestApp({ rentrollUnits: 20, env: { RENTGRAPH_TRUSTED_DOCUMENTS: files.write('list.json', [VIEWER]) } })).rejects.toThrow(/^RENTGRAPH_TRUSTED_DOCUMENTS: expected a GraphQL Code Generator persisted-documents\.json .* got a list$/);
  });
});
