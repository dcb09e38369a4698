import type { AuditFilter } from '../../access/audit-log.js';
import type { AuditEntryModel } from '../../domain/models.js';
import type { Connection } from '../common/connection.js';

/** An auditLog page as its resolvers see it (the codegen mapper of AuditEntryConnection): the filter stays for totalCount. */
export interface AuditConnectionModel extends Connection<AuditEntryModel> {
  filter: AuditFilter;
}
