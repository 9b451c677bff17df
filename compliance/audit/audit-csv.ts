/**
 * The audit log as CSV (RFC 4180): a header row, one row per event, CRLF line ends, a field
 * quoted when it holds a comma, a quote, CR or LF, with its quotes doubled. Values are written
 * exactly as stored, so an auditor can recompute every hash from the file.
 */
import type { AuditEvent } from './audit-event.js';

export const AUDIT_CSV_COLUMNS = ['seq', 'id', 'at', 'actor', 'action', 'target', 'argsDigest', 'summary', 'prevHash', 'hash'] as const;

/** One CSV field, quoted when RFC 4180 requires it. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One CSV record, CRLF included. */
export function csvRecord(values: readonly string[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

export function auditCsvHeader(): string {
  return csvRecord(AUDIT_CSV_COLUMNS);
}

export function auditCsvRow(e: AuditEvent): string {
  return csvRecord(AUDIT_CSV_COLUMNS.map((column) => (column === 'seq' ? String(e.seq) : (e[column] ?? ''))));
}
