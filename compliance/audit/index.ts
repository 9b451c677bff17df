/**
 * The tamper-evident audit log: events sealed into per-chain hash chains in the graph,
 * verified in pages, queried with seq cursors and exported as CSV.
 */
export { createAuditLog, AUDIT_APPEND_BATCH, type AuditLog, type AuditLogDeps } from './audit-log.js';
export {
  auditEventInputSchema,
  auditEventSchema,
  digestAuditArgs,
  GENESIS_HASH,
  hashAuditEvent,
  MAIN_CHAIN,
  type AuditEvent,
  type AuditEventInput,
} from './audit-event.js';
export type { AuditChainBreak, AuditBreakReason } from './audit-chain-verifier.js';
export type { AuditChainReport, VerifyAuditChainOptions } from './verify-audit-chain.js';
export type { AuditFilter, AuditPage, AuditPageRequest } from './audit-query.js';
export { AUDIT_CSV_COLUMNS } from './audit-csv.js';
export { canonicalDigest, canonicalJson } from './canonical-json.js';
export { auditChainVerdict, describeAuditBreak, type AuditBreakDetail, type AuditChainVerdict } from './audit-chain-verdict.js';
export { chainIdSchema } from './audit-event.js';
