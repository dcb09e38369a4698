import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const SERVER = fileURLToPath(new URL('./postgres-server.ts', import.meta.url));
const START_TIMEOUT_MILLIS = 60_000;

/**
 * Starts one Postgres for the whole run, in a process of its own (postgres-server.ts
 * says why); test files get its URL with `inject('postgresAdminUrl')`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const adminUrl = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`the test Postgres did not start within ${START_TIMEOUT_MILLIS} ms: ${stderr.trim()}`)), START_TIMEOUT_MILLIS);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n')[0]!;
      if (stdout.includes('\n')) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { adminUrl: string }).adminUrl);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`could not start the test Postgres (exit code ${code}): ${stderr.trim()}`));
    });
  });
  project.provide('postgresAdminUrl', adminUrl);
  return async () => {
    child.stdin.end();
    const code = await Promise.race([exited, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 20_000).unref())]);
    if (code === 'hung') child.kill('SIGKILL');
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
  }
}
