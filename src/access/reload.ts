import type { Logger } from 'pino';

/**
 * SIGHUP re-reads RENTGRAPH_API_KEYS_FILE without a restart: connections stay open, new
 * requests use the new keys at once, and graphql-ws connections of removed keys are
 * closed with 4403 (ws.ts). Installed only when the file is set, so without it SIGHUP
 * keeps its usual meaning (the process ends, as when its terminal closes).
 */
export function reloadKeysOnSighup(access: { reloadKeys(): boolean }, logger: Logger, filePath: string | null): () => void {
  if (filePath === null) return () => {};
  const onHangup = () => {
    logger.info('SIGHUP: reading RENTGRAPH_API_KEYS_FILE again');
    access.reloadKeys();
  };
  process.on('SIGHUP', onHangup);
  return () => process.off('SIGHUP', onHangup);
}
