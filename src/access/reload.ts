import type { Logger } from 'pino';

/**
 * SIGHUP re-reads RENTGRAPH_API_KEYS_FILE and RENTGRAPH_TRUSTED_DOCUMENTS without a
 * restart: connections stay open, new requests use the new keys and operations at once,
 * and graphql-ws connections of removed keys are closed with 4403 (ws.ts). A bad file is
 * logged and what is in force stays. Installed only when one of the files is set, so
 * without them SIGHUP keeps its usual meaning (the process ends, as when its terminal
 * closes).
 */
export function reloadAccessOnSighup(
  access: { reloadKeys(): boolean; reloadDocuments(): boolean },
  logger: Logger,
  files: { apiKeysFile: string | null; trustedDocumentsPath: string | null },
): () => void {
  if (files.apiKeysFile === null && files.trustedDocumentsPath === null) return () => {};
  const onHangup = () => {
    if (files.apiKeysFile !== null) {
      logger.info('SIGHUP: reading RENTGRAPH_API_KEYS_FILE again');
      access.reloadKeys();
    }
    if (files.trustedDocumentsPath !== null) {
      logger.info('SIGHUP: reading RENTGRAPH_TRUSTED_DOCUMENTS again');
      access.reloadDocuments();
    }
  };
  process.on('SIGHUP', onHangup);
  return () => process.off('SIGHUP', onHangup);
}
