/** The audit chain's records as the graph stores them. */

/** One event of an audit chain: `hash` seals its fields and `prevHash` links it to the event before. */
export interface AuditEventRecord {
  id: string;
  /** The chain the event belongs to (`main` for the system's log). */
  chain: string;
  /** 1, 2, 3… without gaps within the chain. */
  seq: number;
  actor: string;
  action: string;
  target: string;
  /** ISO 8601 time of the append. */
  at: string;
  /** sha256 (hex) of the canonical JSON of the arguments; the arguments themselves are never stored. */
  argsDigest: string;
  /** A redacted, human-readable account of the arguments, when the caller gives one. */
  summary?: string;
  prevHash: string;
  hash: string;
}

/** Where a chain ends: its last seq and hash (seq 0 and the genesis hash for an empty chain). */
export interface AuditHeadRecord {
  chain: string;
  seq: number;
  hash: string;
}

/** Which events of a chain to list: every given filter must match; `afterSeq` is the cursor. */
export interface AuditEventQuery {
  chain: string;
  actor?: string;
  action?: string;
  target?: string;
  /** ISO 8601, inclusive. */
  from?: string;
  /** ISO 8601, exclusive. */
  to?: string;
  /** Only events with a greater seq (default 0: from the start). */
  afterSeq?: number;
  limit: number;
}
