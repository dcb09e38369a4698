import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

const require = createRequire(import.meta.url);

/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the commit
 * that crosses `wal_autocheckpoint` pages, on the writing connection: it copies the WAL
 * into the database file and fsyncs it, and under a steady stream of writes (webhooks)
 * every seventh commit or so stalled the event loop for 5–35 ms. Once a store writes
 * often, a worker thread with a connection of its own checkpoints instead, PASSIVE (it
 * never waits for, nor blocks, the writer or a reader), every CHECKPOINT_EVERY_MILLIS.
 *
 * The writer keeps an automatic checkpoint at a higher mark as a safety net: should the
 * worker fall behind or fail, the WAL is still bounded; a failed worker puts the writer's
 * own mark back and is not restarted. Durability is the writer's (`synchronous`); a
 * checkpoint only moves committed pages.
 */
export interface Checkpoints {
  /** Tells that a write transaction committed (cheap: a count until the worker runs). */
  committed(): void;
  close(): Promise<void>;
}

/** Commits before the worker starts: a store that writes a little (tests, the CLI) checkpoints as SQLite does by default. */
const COMMITS_BEFORE_WORKER = 200;
const CHECKPOINT_EVERY_MILLIS = 100;
/** SQLite's default `wal_autocheckpoint` (pages). */
const WRITER_MARK_PAGES = 1000;
/** The writer's mark while the worker runs: ten times the default, about 40 MB of WAL. */
const SAFETY_MARK_PAGES = 10_000;

/** Runs in a worker thread (CommonJS, eval'd). */
const CHECKPOINTER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => db.pragma('wal_checkpoint(PASSIVE)'), workerData.everyMillis);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export function checkpointsOffTheEventLoop(writer: Database.Database, path: string): Checkpoints {
  let commits = 0;
  let worker: Worker | null = null;
  let failed = false;
  let closed = false;

  const start = () => {
    const started = new Worker(CHECKPOINTER, {
      eval: true,
      workerData: { driverPath: require.resolve('better-sqlite3'), path, everyMillis: CHECKPOINT_EVERY_MILLIS },
    });
    // The process may exit while the worker still runs: it only tidies the WAL.
    started.unref();
    started.once('error', () => {
      failed = true;
      worker = null;
      if (writer.open) writer.pragma(`wal_autocheckpoint = ${WRITER_MARK_PAGES}`);
    });
    writer.pragma(`wal_autocheckpoint = ${SAFETY_MARK_PAGES}`);
    worker = started;
  };

  return {
    committed() {
      if (worker !== null || failed || closed) return;
      if (++commits >= COMMITS_BEFORE_WORKER) start();
    },
    async close() {
      closed = true;
      const running = worker;
      worker = null;
      if (running === null) return;
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      running.postMessage('close');
      await exited;
    },
  };
}
