import type { IdeAssets, WorkerLabel } from './assets.js';

/** Where GraphiQL and its files are served. */
export const IDE_PATH = '/graphiql';
export const ASSETS_PATH = `${IDE_PATH}/assets`;

/**
 * Everything the page may load or connect to is this origin: the CSP is also what keeps a
 * request from leaving the machine. Monaco and React set inline styles; fonts and icons
 * are data URLs inside the stylesheet. `connect-src 'self'` covers ws:/wss: to this host.
 */
export const IDE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const DEFAULT_QUERY = `# rentgraph GraphiQL, served by this gateway: no internet needed.
# Ctrl-Enter runs the operation under the cursor.
# Subscriptions run over graphql-ws on /graphql.
# With client keys configured, put a key in Headers below:
#   {"Authorization": "Bearer <key>"}  or  {"x-api-key": "<key>"}
# Queries and subscriptions both send it.

query Units {
  units(first: 10) {
    edges {
      node {
        id
        address { formatted }
        sources { vendor externalId }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}

subscription LeasingEvents {
  leasingEvents {
    cursor
    event {
      eventType
      stage
      occurredAt
      prospect { name }
      unit { address { formatted } }
    }
  }
}
`;

/** Shown in the headers editor when the gateway has keys, so the key's place is obvious. */
const KEY_HEADERS = '{\n  "Authorization": "Bearer <key>"\n}';

const LOGO = '<svg viewBox="0 0 24 24" width="28" height="28" fill="none" stroke="currentColor" stroke-width="1.6" aria-hidden="true"><path d="M3 11.5 12 4l9 7.5"/><path d="M5.5 9.8V20h13V9.8"/><circle cx="12" cy="14" r="2.2"/></svg>';

/** What the page script reads (see browser/graphiql-app.js). */
interface PageConfig {
  endpoint: string;
  workers: Record<WorkerLabel, string>;
  defaultQuery: string;
  defaultHeaders: string;
  logo: string;
}

const assetUrl = (fileName: string) => `${ASSETS_PATH}/${fileName}`;

/** JSON that cannot end the <script> element it sits in. */
const scriptSafeJson = (value: unknown) => JSON.stringify(value).replaceAll('<', '\\u003c');

/**
 * The page. Every URL in it is a path on this origin, so it works on any host and port,
 * behind a proxy that keeps paths, and over https (the socket then uses wss).
 */
export function renderIdePage(assets: IdeAssets, options: { endpoint: string; keysRequired: boolean }): string {
  const config: PageConfig = {
    endpoint: options.endpoint,
    workers: {
      editorWorkerService: assetUrl(assets.workers.editorWorkerService.fileName),
      json: assetUrl(assets.workers.json.fileName),
      graphql: assetUrl(assets.workers.graphql.fileName),
    },
    defaultQuery: DEFAULT_QUERY,
    defaultHeaders: options.keysRequired ? KEY_HEADERS : '',
    logo: LOGO,
  };
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>rentgraph · GraphiQL</title>
    <link rel="icon" href="${assetUrl(assets.favicon.fileName)}">
    <link rel="stylesheet" href="${assetUrl(assets.css.fileName)}">
    <style>body { margin: 0; }</style>
    <script id="rentgraph-graphiql-config" type="application/json">${scriptSafeJson(config)}</script>
${assets.scripts.map((script) => `    <script src="${assetUrl(script.fileName)}" defer></script>`).join('\n')}
  </head>
  <body>
    <div id="graphiql"><noscript>GraphiQL needs JavaScript.</noscript></div>
  </body>
</html>
`;
}
