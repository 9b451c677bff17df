/**
 * Reading the audit log: events by actor, action, target and time range, a page at a time
 * with the seq as cursor, and the same selection streamed as CSV.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import type { AuditEventQuery, AuditGraph } from '../../graph-schema/audit/index.js';
import { auditCsvHeader, auditCsvRow } from './audit-csv.js';
import type { AuditEvent } from './audit-event.js';

/** Which events to select: every given filter must match. Times are inclusive `from`, exclusive `to`. */
export interface AuditFilter {
  actor?: string;
  action?: string;
  target?: string;
  from?: Date | string;
  to?: Date | string;
}

export interface AuditPageRequest extends AuditFilter {
  /** Cursor: only events after this seq (the `endCursor` of the page before). */
  after?: number;
  /** Page size, 1 to 1,000 (default 100). */
  first?: number;
}

export interface AuditPage {
  events: AuditEvent[];
  /** Seq of the page's last event: pass it as `after` for the next page. */
  endCursor: number | null;
  hasNextPage: boolean;
}

const MAX_PAGE = 1_000;
const EXPORT_PAGE = 1_000;

/** One page of events of `chain` matching the filter, in seq order. */
export async function listAuditEvents(graph: AuditGraph, chain: string, req: AuditPageRequest = {}): Promise<AuditPage> {
  const first = req.first ?? 100;
  if (!Number.isSafeInteger(first) || first < 1 || first > MAX_PAGE) throw new InvalidArgumentError(`audit query first: must be 1 to ${MAX_PAGE} (got ${first})`);
  const after = req.after ?? 0;
  if (!Number.isSafeInteger(after) || after < 0) throw new InvalidArgumentError(`audit query after: must be a seq of at least 0 (got ${after})`);
  const found = await graph.find({ ...toQuery(chain, req), afterSeq: after, limit: first + 1 });
  const events = found.slice(0, first);
  return { events, endCursor: events.at(-1)?.seq ?? null, hasNextPage: found.length > first };
}

/** The events matching the filter as CSV: the header, then one row per event, read a page at a time. */
export async function* exportAuditCsv(graph: AuditGraph, chain: string, filter: AuditFilter = {}): AsyncGenerator<string> {
  const query = toQuery(chain, filter);
  yield auditCsvHeader();
  let afterSeq = 0;
  for (;;) {
    const page = await graph.find({ ...query, afterSeq, limit: EXPORT_PAGE });
    for (const event of page) yield auditCsvRow(event);
    if (page.length < EXPORT_PAGE) return;
    afterSeq = page[page.length - 1]!.seq;
  }
}

function toQuery(chain: string, f: AuditFilter): Omit<AuditEventQuery, 'limit'> {
  const query: Omit<AuditEventQuery, 'limit'> = { chain };
  if (f.actor !== undefined) query.actor = f.actor;
  if (f.action !== undefined) query.action = f.action;
  if (f.target !== undefined) query.target = f.target;
  if (f.from !== undefined) query.from = isoTime('from', f.from);
  if (f.to !== undefined) query.to = isoTime('to', f.to);
  return query;
}

function isoTime(name: string, value: Date | string): string {
  const time = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(time.getTime())) throw new InvalidArgumentError(`audit query ${name}: ${JSON.stringify(String(value))} is not a date and time`);
  return time.toISOString();
}
