import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { gzip } from 'node:zlib';

/**
 * The files the GraphiQL page loads, all from npm packages on this machine: GraphQL Yoga's
 * prebuilt GraphiQL (React, GraphiQL with the Monaco editor, the explorer plugin, fonts inlined as
 * data URLs) and its three Monaco workers, graphql-ws's browser build, and our page script.
 * Each is named by a hash of its content, so a browser may keep it for good.
 */
export interface IdeAsset {
  /** The URL's last segment, e.g. `graphiql.3f9a0c1d2e4b5a6c.css`. */
  fileName: string;
  contentType: string;
  body: Buffer;
  /** The body gzipped, made once on first use. */
  gzipped(): Promise<Buffer>;
}

/** Monaco's worker labels (MonacoEnvironment.getWorkerUrl) and the file each runs. */
export type WorkerLabel = 'editorWorkerService' | 'json' | 'graphql';

export interface IdeAssets {
  byFileName: ReadonlyMap<string, IdeAsset>;
  css: IdeAsset;
  favicon: IdeAsset;
  /** In load order. */
  scripts: readonly IdeAsset[];
  workers: Readonly<Record<WorkerLabel, IdeAsset>>;
}

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const require = createRequire(import.meta.url);
const gzipAsync = promisify(gzip);

function asset(name: string, extension: string, contentType: string, body: Buffer): IdeAsset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  let compressed: Promise<Buffer> | undefined;
  return {
    fileName: `${name}.${hash}.${extension}`,
    contentType,
    body,
    gzipped: () => (compressed ??= gzipAsync(body)),
  };
}

/** The bytes of a `data:<type>;base64,<data>` URL. */
function dataUrlBytes(url: string): { type: string; bytes: Buffer } {
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (match === null) throw new Error(`expected a base64 data URL for the GraphiQL favicon, got ${JSON.stringify(url.slice(0, 40))}`);
  return { type: match[1]!, bytes: Buffer.from(match[2]!, 'base64') };
}

/** The prebuilt bundle's exports (typings/graphiql.d.ts of @graphql-yoga/render-graphiql), each a string. */
const BUNDLE_EXPORTS = ['js', 'css', 'favicon', 'editorWorkerService', 'jsonWorker', 'graphqlWorker'] as const;
type Bundle = Record<(typeof BUNDLE_EXPORTS)[number], Buffer>;

/** Runs in a worker thread (CommonJS, eval'd): reads the bundle module and posts its exports back as bytes. */
const READ_BUNDLE = `
const { parentPort, workerData } = require('node:worker_threads');
const bundle = require(workerData.modulePath);
const files = {};
for (const name of workerData.names) {
  if (typeof bundle[name] !== 'string') throw new Error('expected ' + workerData.modulePath + ' to export a string ' + name + ', got ' + typeof bundle[name]);
  files[name] = new TextEncoder().encode(bundle[name]);
}
// Each encoding owns its ArrayBuffer, so all can move to the main thread without a copy.
parentPort.postMessage(files, Object.values(files).map((bytes) => bytes.buffer));
`;

/**
 * The bundle is a module of about 9 MB of JavaScript strings. Loading it on the event loop
 * would stall every request for about half a second and keep some 50 MB of heap for good;
 * a worker thread parses it instead and only the bytes outlive the thread.
 */
function readBundle(): Promise<Bundle> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(READ_BUNDLE, {
      eval: true,
      workerData: { modulePath: require.resolve('@graphql-yoga/render-graphiql/graphiql'), names: BUNDLE_EXPORTS },
    });
    worker.once('message', (files: Record<string, Uint8Array>) => {
      resolve(Object.fromEntries(BUNDLE_EXPORTS.map((name) => [name, Buffer.from(files[name]!.buffer, files[name]!.byteOffset, files[name]!.byteLength)])) as Bundle);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`expected the GraphiQL bundle reader to post the bundle, but it exited with code ${code}`)));
  });
}

/** Loads every asset; callers load them on the first request for the page, not at start. */
export async function loadIdeAssets(): Promise<IdeAssets> {
  const graphqlWsRoot = pathToFileURL(require.resolve('graphql-ws/package.json'));
  const [bundle, graphqlWsClient, page] = await Promise.all([
    readBundle(),
    readFile(new URL('umd/graphql-ws.min.js', graphqlWsRoot)),
    readFile(new URL('./browser/graphiql-app.js', import.meta.url)),
  ]);
  const icon = dataUrlBytes(bundle.favicon.toString('latin1'));
  const css = asset('graphiql', 'css', CSS, bundle.css);
  const favicon = asset('favicon', 'ico', icon.type, icon.bytes);
  const scripts = [asset('graphql-ws', 'js', JS, graphqlWsClient), asset('graphiql', 'js', JS, bundle.js), asset('rentgraph-graphiql', 'js', JS, page)];
  const workers: Record<WorkerLabel, IdeAsset> = {
    editorWorkerService: asset('editor.worker', 'js', JS, bundle.editorWorkerService),
    json: asset('json.worker', 'js', JS, bundle.jsonWorker),
    graphql: asset('graphql.worker', 'js', JS, bundle.graphqlWorker),
  };
  const all = [css, favicon, ...scripts, ...Object.values(workers)];
  return { byFileName: new Map(all.map((a) => [a.fileName, a])), css, favicon, scripts, workers };
}
