/**
 * The tamper-evident audit log: every mutation appends an event sealed to the one before, and
 * the chain can be verified end to end. A log writes one chain (`main` unless told otherwise),
 * so tests and tools can keep chains of their own.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import type { AuditGraph } from '../../graph-schema/audit/index.js';
import { chainIdSchema, GENESIS_HASH, MAIN_CHAIN, type AuditEvent, type AuditEventInput } from './audit-event.js';
import { exportAuditCsv, listAuditEvents, type AuditFilter, type AuditPage, type AuditPageRequest } from './audit-query.js';
import { draftAuditEvent, sealAuditEvents } from './seal-audit-events.js';
import { verifyAuditChain, type AuditChainReport, type VerifyAuditChainOptions } from './verify-audit-chain.js';

export interface AuditLogDeps {
  graph: AuditGraph;
  /** The chain to write and read (default `main`). */
  chain?: string;
  /** Time stamped on appended events (default the system clock). */
  clock?: () => Date;
}

export interface AuditLog {
  readonly chain: string;
  /** Appends one event; safe when many processes append at once (appends serialise on the chain's head). */
  appendAuditEvent(input: AuditEventInput): Promise<AuditEvent>;
  /**
   * Appends one event unless the chain holds one of the same action and target already (that
   * one is returned): for steps that may run again, such as a resumed erasure's.
   */
  appendAuditEventOnce(input: AuditEventInput & { target: string }): Promise<AuditEvent>;
  /** Appends events in order, consecutive within each transaction of up to 1,000. */
  appendAuditEvents(inputs: readonly AuditEventInput[]): Promise<AuditEvent[]>;
  /** Recomputes every hash and link from `from` (default 1) to the head, a page at a time. */
  verifyAuditChain(opts?: VerifyAuditChainOptions): Promise<AuditChainReport>;
  /** A page of events matching the filter, in seq order, with the seq as cursor. */
  listAuditEvents(req?: AuditPageRequest): Promise<AuditPage>;
  /** The events matching the filter as RFC 4180 CSV, header first, one string per row. */
  exportAuditCsv(filter?: AuditFilter): AsyncIterable<string>;
}

/** Events written per transaction by `appendAuditEvents`. */
export const AUDIT_APPEND_BATCH = 1_000;

export function createAuditLog(deps: AuditLogDeps): AuditLog {
  const chain = deps.chain ?? MAIN_CHAIN;
  const parsedChain = chainIdSchema.safeParse(chain);
  if (!parsedChain.success) throw new InvalidArgumentError(`audit chain ${JSON.stringify(chain)}: ${parsedChain.error.issues[0]?.message}`);
  const clock = deps.clock ?? (() => new Date());

  const appendAuditEvents = async (inputs: readonly AuditEventInput[]): Promise<AuditEvent[]> => {
    const drafts = inputs.map(draftAuditEvent);
    const written: AuditEvent[] = [];
    for (let i = 0; i < drafts.length; i += AUDIT_APPEND_BATCH) {
      const slice = drafts.slice(i, i + AUDIT_APPEND_BATCH);
      written.push(...(await deps.graph.append(chain, GENESIS_HASH, (head) => sealAuditEvents(head, slice, clock()))));
    }
    return written;
  };

  return {
    chain,
    appendAuditEvents,
    appendAuditEvent: async (input) => (await appendAuditEvents([input]))[0]!,
    appendAuditEventOnce: async (input) => {
      const draft = draftAuditEvent(input);
      return deps.graph.appendOnce(chain, GENESIS_HASH, { action: input.action, target: input.target }, (head) => sealAuditEvents(head, [draft], clock()));
    },
    verifyAuditChain: (opts) => verifyAuditChain(deps.graph, chain, opts),
    listAuditEvents: (req) => listAuditEvents(deps.graph, chain, req),
    exportAuditCsv: (filter) => exportAuditCsv(deps.graph, chain, filter),
  };
}
