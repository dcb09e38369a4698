import type { TestProject } from 'vitest/node';
import { startTestPostgres } from '../utils/postgres.js';

/** Starts one Postgres for the whole run; test files get its URL with `inject('postgresAdminUrl')`. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await startTestPostgres();
  project.provide('postgresAdminUrl', postgres.adminUrl);
  return () => postgres.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
  }
}
