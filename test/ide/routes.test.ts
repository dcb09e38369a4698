import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { acceptsGzip, linkGraphiQLFromLandingPage } from '../../src/ide/index.js';
import { startTestApp, type TestApp } from '../utils/app.js';

/** The GraphiQL page and its files over plain HTTP; browser.test.ts runs them in Chromium. */
const KEY = 'graphiql-route-test-key-0123';

const assetPaths = (html: string) => [...html.matchAll(/(?:href|src)="(\/graphiql\/assets\/[^"]+)"/g), ...html.matchAll(/"(\/graphiql\/assets\/[^"]+\.worker\.[0-9a-f]{16}\.js)"/g)].map((match) => match[1]!);

describe('GraphiQL at /graphiql', () => {
  let app: TestApp;
  let html: string;
  beforeAll(async () => {
    app = await startTestApp({ rentrollUnits: 30, env: { RENTGRAPH_API_KEYS: KEY } });
  });
  afterAll(async () => {
    await app.close();
  });

  it('serves the page without a client key, allowing nothing but this origin', async () => {
    const response = await request(`${app.url}/graphiql`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-cache');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    html = await response.body.text();
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    // With keys configured, the headers editor starts with the place for one.
    expect(html).toContain('Bearer \\u003ckey>');
  });

  it('serves every file the page names, from this gateway, cached for good and gzipped when asked', async () => {
    const paths = assetPaths(html);
    expect(paths.map((path) => path.replace(/\.[0-9a-f]{16}\./, '.')).sort()).toEqual([
      '/graphiql/assets/editor.worker.js',
      '/graphiql/assets/favicon.ico',
      '/graphiql/assets/graphiql.css',
      '/graphiql/assets/graphiql.js',
      '/graphiql/assets/graphql-ws.js',
      '/graphiql/assets/graphql.worker.js',
      '/graphiql/assets/json.worker.js',
      '/graphiql/assets/rentgraph-graphiql.js',
    ]);
    for (const path of paths) {
      const plain = await request(`${app.url}${path}`, { headers: { 'accept-encoding': 'identity' } });
      expect(plain.statusCode, path).toBe(200);
      expect(plain.headers['content-type'], path).toMatch(path.endsWith('.css') ? /^text\/css; charset=utf-8$/ : path.endsWith('.ico') ? /^image\/x-icon$/ : /^text\/javascript; charset=utf-8$/);
      expect(plain.headers['cache-control'], path).toBe('public, max-age=31536000, immutable');
      expect(plain.headers['x-content-type-options'], path).toBe('nosniff');
      expect(plain.headers['content-encoding'], path).toBeUndefined();
      const body = Buffer.from(await plain.body.arrayBuffer());

      const gzipped = await request(`${app.url}${path}`, { headers: { 'accept-encoding': 'gzip, br' } });
      expect(gzipped.headers['content-encoding'], path).toBe('gzip');
      expect(gzipped.headers['vary'], path).toBe('accept-encoding');
      expect(gunzipSync(Buffer.from(await gzipped.body.arrayBuffer())).equals(body), path).toBe(true);
    }
  });

  it('answers a file it does not have with 404', async () => {
    const response = await request(`${app.url}/graphiql/assets/graphiql.0000000000000000.js`);
    expect(response.statusCode).toBe(404);
    expect(await response.body.text()).toContain('no GraphiQL asset named "graphiql.0000000000000000.js"');
  });

  it('redirects /graphiql/ to /graphiql, keeping the query string', async () => {
    const response = await request(`${app.url}/graphiql/?query=%7B%20vendors%20%7B%20vendor%20%7D%20%7D`);
    expect(response.statusCode).toBe(301);
    expect(response.headers['location']).toBe('/graphiql?query=%7B%20vendors%20%7B%20vendor%20%7D%20%7D');
    await response.body.dump();
  });

  it('links GraphiQL from the message Sandbox shows when its CDN is out of reach', async () => {
    const response = await request(`${app.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.statusCode).toBe(200);
    const landing = await response.body.text();
    expect(landing).toMatch(/<div class="fallback">[\s\S]*Apollo Sandbox cannot be loaded[\s\S]*<a href="\/graphiql">\/graphiql<\/a><\/p>\s*<\/div>/);
  });
});

describe('GraphiQL with NODE_ENV=production', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ rentrollUnits: 30, env: { NODE_ENV: 'production', RENTGRAPH_API_KEYS: KEY } });
  });
  afterAll(async () => {
    await app.close();
  });

  it('is off, like Sandbox and introspection, and says so', async () => {
    const response = await request(`${app.url}/graphiql`);
    expect(response.statusCode).toBe(404);
    expect(await response.body.text()).toContain('GraphiQL is off with NODE_ENV=production');
    const asset = await request(`${app.url}/graphiql/assets/graphql-ws.0000000000000000.js`);
    expect(asset.statusCode).toBe(404);
    await asset.body.dump();
    const landing = await request(`${app.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await landing.body.text()).not.toContain('/graphiql');
  });
});

describe('acceptsGzip', () => {
  it.each([
    ['gzip, deflate, br', true],
    ['br;q=1.0, gzip;q=0.8', true],
    ['*', true],
    ['identity', false],
    ['gzip;q=0', false],
    ['gzip;q=0.000, br', false],
    [undefined, false],
  ])('reads %j as %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});

describe('linkGraphiQLFromLandingPage', () => {
  it('leaves a page without the offline message as it is', () => {
    const page = '<html><body><div id="embeddableSandbox"></div></body></html>';
    expect(linkGraphiQLFromLandingPage(page)).toBe(page);
  });
});
