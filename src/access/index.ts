import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import { ConfigError, type Config } from '../config.js';
import type { ClientKeyGate } from '../http/client-keys.js';
import type { Store } from '../store/store.js';
import { createAuditLog, type AuditLog } from './audit-log.js';
import { createRouteAccess, type RouteAccess } from './http.js';
import { createKeyring, type Keyring } from './keyring.js';
import { KeyFileError } from './keys-file.js';
import { scopePlugin, type ScopedContext } from './plugin.js';
import { createClientRateLimiter, type ClientRateLimiter } from './rate-limit.js';
import { readTrustedDocuments, TrustedDocumentsError, type TrustedDocuments } from './trusted-documents.js';
import { createWsAccess, type WsAccess } from './ws.js';

/**
 * Who may do what: client keys with scopes (keyring.ts, scopes.ts), the audit log
 * (audit-log.ts, audited.ts), client rate limits (rate-limit.ts), trusted documents
 * (trusted-documents.ts), and where the gateway applies them (http.ts, ws.ts, plugin.ts;
 * every mutation is audited by src/request/writes.ts). `viewer` and `auditLog` are
 * resolved in src/resolvers/access/.
 */
export { auditedIdentityChange, auditedMutation, type AuditedCaller, type IdentityChange } from './audited.js';
export { gateEndpoints, mayReadDetail, isRefusal, type RouteAccess, type RouteRefusal, type OperationParameters } from './http.js';
export { reloadAccessOnSighup } from './reload.js';
export { NOTICE_CLIENT, type Client, type Scope } from './scopes.js';

/** The files access reads at start, checked before anything else opens. */
export interface AccessFiles {
  keyring: Keyring;
  documents: TrustedDocuments | null;
}

export interface Access {
  readonly keyring: Keyring;
  readonly audit: AuditLog;
  readonly rateLimiter: ClientRateLimiter | null;
  readonly documents: TrustedDocuments | null;
  readonly metricsPublic: boolean;
  /**
   * Reads RENTGRAPH_API_KEYS_FILE again, as SIGHUP does, and logs what changed: true when
   * the new keys are in force; false when the file was bad (logged, with why), and the
   * keys in force stay.
   */
  reloadKeys(): boolean;
  /**
   * Reads RENTGRAPH_TRUSTED_DOCUMENTS again, as SIGHUP does: true when the new manifest is
   * in force (or none is set); false when the file was bad (logged, with why), and the
   * operations in force stay.
   */
  reloadDocuments(): boolean;
}

/** Reads the keys and the trusted-documents manifest; a bad file is a ConfigError naming its variable. */
export function readAccessFiles(config: Config): AccessFiles {
  let keyring: Keyring;
  try {
    keyring = createKeyring({ envKeys: config.apiKeys, filePath: config.access.apiKeysFile });
  } catch (error) {
    if (error instanceof KeyFileError) throw new ConfigError(`RENTGRAPH_API_KEYS_FILE: ${error.message}`);
    throw error;
  }
  const path = config.access.trustedDocumentsPath;
  try {
    return { keyring, documents: path === null ? null : readTrustedDocuments(path) };
  } catch (error) {
    if (error instanceof TrustedDocumentsError) throw new ConfigError(`RENTGRAPH_TRUSTED_DOCUMENTS: ${error.message}`);
    throw error;
  }
}

export async function createAccess(config: Config, files: AccessFiles, store: Store, logger: Logger): Promise<Access> {
  const { keyring, documents } = files;
  const audit = await createAuditLog({ store, logger, retentionDays: config.access.auditDays });
  if (config.access.apiKeysFile !== null && keyring.names().length === 0) logger.warn('RENTGRAPH_API_KEYS_FILE lists no key: every client is refused');
  return {
    keyring,
    audit,
    rateLimiter: config.access.clientRateLimit === null ? null : createClientRateLimiter(config.access.clientRateLimit),
    documents,
    metricsPublic: config.access.metricsPublic,
    reloadKeys() {
      try {
        const outcome = keyring.reload();
        logger.info({ keys: outcome.names, added: outcome.added, removed: outcome.removed, changed: outcome.changed }, `client keys reloaded from RENTGRAPH_API_KEYS_FILE: ${outcome.names.length} in force`);
        return true;
      } catch (error) {
        if (!(error instanceof KeyFileError)) throw error;
        logger.error(`client keys not reloaded, the keys in force stay: RENTGRAPH_API_KEYS_FILE: ${error.message}`);
        return false;
      }
    },
    reloadDocuments() {
      if (documents === null) return true;
      try {
        logger.info(`trusted documents reloaded from RENTGRAPH_TRUSTED_DOCUMENTS: ${documents.reload()} operations in force`);
        return true;
      } catch (error) {
        if (!(error instanceof TrustedDocumentsError)) throw error;
        logger.error(`trusted documents not reloaded, the operations in force stay: RENTGRAPH_TRUSTED_DOCUMENTS: ${error.message}`);
        return false;
      }
    },
  };
}

/** What one gateway applies: on /graphql, on graphql-ws, and around Apollo's execution. */
export interface GatewayAccess {
  route: RouteAccess;
  ws: WsAccess;
  plugin: ApolloServerPlugin<ScopedContext>;
}

export function gatewayAccess(access: Access, gate: ClientKeyGate): GatewayAccess {
  return {
    route: createRouteAccess(gate, access.rateLimiter, access.documents),
    ws: createWsAccess({ gate, keyring: access.keyring, audit: access.audit, rateLimiter: access.rateLimiter, documents: access.documents }),
    plugin: scopePlugin(access.audit),
  };
}
