#!/usr/bin/env node
/**
 * The entry point of `rentgraph` (serve, simulate, sync; see cli.ts). It checks the
 * Node.js version before anything else loads: the SQLite binding crashes the process
 * (a segmentation fault, not an error) on Node.js older than the project supports.
 * `npm start` and the other npm scripts run the Node.js the project installs as a dev
 * dependency, so this only stops a direct `node dist/main.js` on an older Node.js.
 */
const SUPPORTED_MAJOR = 24; // package.json "engines"
const major = Number(process.versions.node.split('.')[0]);
if (major < SUPPORTED_MAJOR) {
  process.stderr.write(`rentgraph: needs Node.js ${SUPPORTED_MAJOR} or newer, got ${process.version}; run it with \`npm start\` (which uses the project's own Node.js) or install Node.js ${SUPPORTED_MAJOR}\n`);
  process.exit(1);
}
await import('./cli.js');
