/**
 * Schema migrations, applied in order, each once. Append only: never edit or reorder
 * a migration that has shipped; add a new one.
 */
export interface Migration {
  id: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    id: '0001-meta',
    sql: `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  },
];
