import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GRAPHQL_PATH } from '../http/graphql-route.js';
import type { Services } from '../services.js';
import { loadIdeAssets, type IdeAsset, type IdeAssets } from './assets.js';
import { ASSETS_PATH, IDE_CSP, IDE_PATH, renderIdePage } from './page.js';

/**
 * GraphiQL at /graphiql: an IDE for the graph that needs no internet, next to Apollo
 * Sandbox (which loads from Apollo's CDN). The page and its files hold no data and are
 * served without a client key; every operation it runs goes to /graphql with the key from
 * its headers editor. Off with NODE_ENV=production, like Sandbox and introspection.
 */
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  // The page names its assets by content hash; it must be asked for again after an upgrade.
  'cache-control': 'no-cache',
  'content-security-policy': IDE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const ASSET_HEADERS = {
  'cache-control': 'public, max-age=31536000, immutable',
  'x-content-type-options': 'nosniff',
  vary: 'accept-encoding',
};

/** True when the client accepts gzip (RFC 9110 §12.5.3; `gzip;q=0` refuses it). */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header.split(',').some((entry) => {
    const [coding = '', ...params] = entry.split(';').map((part) => part.trim().toLowerCase());
    if (coding !== 'gzip' && coding !== '*') return false;
    const q = params.find((param) => param.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

const LANDING_PAGE_FALLBACK = '<div class="fallback">';

/**
 * Apollo's Sandbox landing page says only "Apollo Sandbox cannot be loaded" when its CDN is
 * out of reach, and its plugin takes no extra markup; this adds a link to GraphiQL to that
 * message (shown only while Sandbox has not loaded). A page without the message is kept as it is.
 */
export function linkGraphiQLFromLandingPage(html: string): string {
  const start = html.indexOf(LANDING_PAGE_FALLBACK);
  const end = start === -1 ? -1 : html.indexOf('</div>', start);
  if (end === -1) return html;
  const link = `  <p>GraphiQL is served by this gateway and works offline: <a href="${IDE_PATH}">${IDE_PATH}</a></p>\n`;
  return `${html.slice(0, end)}${link}${html.slice(end)}`;
}

async function sendAsset(request: FastifyRequest, reply: FastifyReply, asset: IdeAsset): Promise<FastifyReply> {
  void reply.headers(ASSET_HEADERS).header('content-type', asset.contentType);
  if (!acceptsGzip(request.headers['accept-encoding'])) return reply.send(asset.body);
  return reply.header('content-encoding', 'gzip').send(await asset.gzipped());
}

export function registerGraphiQL(app: FastifyInstance, services: Services): void {
  const { config, logger } = services;
  if (config.production) {
    app.get(IDE_PATH, async (_request, reply) =>
      reply.code(404).type('text/plain; charset=utf-8').send('GraphiQL is off with NODE_ENV=production, as are introspection and the Sandbox landing page\n'));
    return;
  }

  let loading: Promise<{ assets: IdeAssets; html: string }> | undefined;
  const load = () =>
    (loading ??= loadIdeAssets().then(
      (assets) => ({ assets, html: renderIdePage(assets, { endpoint: GRAPHQL_PATH, keysRequired: services.access.keyring.configured }) }),
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    ));
  const unavailable = (reply: FastifyReply, error: unknown) => {
    logger.error({ err: error }, 'GraphiQL assets could not be loaded');
    return reply.code(500).type('text/plain; charset=utf-8').send('GraphiQL could not be loaded; the gateway log says why\n');
  };

  app.get(IDE_PATH, async (_request, reply) => {
    try {
      const { html } = await load();
      return reply.headers(PAGE_HEADERS).send(html);
    } catch (error) {
      return unavailable(reply, error);
    }
  });
  app.get(`${IDE_PATH}/`, async (request, reply) => {
    const query = request.url.indexOf('?');
    return reply.redirect(`${IDE_PATH}${query === -1 ? '' : request.url.slice(query)}`, 301);
  });
  app.get<{ Params: { file: string } }>(`${ASSETS_PATH}/:file`, async (request, reply) => {
    let assets: IdeAssets;
    try {
      ({ assets } = await load());
    } catch (error) {
      return unavailable(reply, error);
    }
    const asset = assets.byFileName.get(request.params.file);
    if (asset === undefined) {
      return reply.code(404).type('text/plain; charset=utf-8').send(`no GraphiQL asset named ${JSON.stringify(request.params.file)}; ${IDE_PATH} names the current ones\n`);
    }
    return sendAsset(request, reply, asset);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' || request.routeOptions.url !== GRAPHQL_PATH || typeof payload !== 'string') return payload;
    const type = reply.getHeader('content-type');
    return typeof type === 'string' && type.startsWith('text/html') ? linkGraphiQLFromLandingPage(payload) : payload;
  });
}
