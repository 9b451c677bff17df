/**
 * Applies the graph's migrations at start-up. Safe to run from several processes at once:
 * a lease on a lock node serialises them, every statement is idempotent, and an applied
 * migration is recorded so it runs once.
 */
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { FailedPreconditionError } from '../core/errors.js';
import { silentLogger, type Logger } from '../core/logger.js';
import type { GraphClient } from './graph-client.js';
import { migrations as allMigrations, type Migration } from './migrations/index.js';
import { neo4jErrorCodes } from './neo4j-error-codes.js';

const LEASE_MS = 60_000;

export interface MigrationResult {
  applied: number[];
  alreadyApplied: number[];
}

export function migrationChecksum(m: Migration): string {
  return createHash('sha256').update(JSON.stringify(m.statements)).digest('hex');
}

export async function runMigrations(
  graph: GraphClient,
  opts: { logger?: Logger; migrations?: Migration[]; waitMs?: number } = {},
): Promise<MigrationResult> {
  const log = (opts.logger ?? silentLogger).child({ component: 'migrate' });
  const list = opts.migrations ?? allMigrations;
  await ensureBootstrap(graph);
  const holder = randomUUID();
  await acquireLease(graph, holder, opts.waitMs ?? 120_000);
  try {
    const done = await appliedMigrations(graph);
    const result: MigrationResult = { applied: [], alreadyApplied: [] };
    for (const m of list) {
      const checksum = migrationChecksum(m);
      const recorded = done.get(m.id);
      if (recorded !== undefined) {
        if (recorded !== checksum) {
          throw new FailedPreconditionError(`migration ${m.id} (${m.name}) was changed after it was applied; add a new migration instead`);
        }
        result.alreadyApplied.push(m.id);
        continue;
      }
      for (const statement of m.statements) await runSchemaStatement(graph, statement);
      await graph.write((tx) =>
        tx.run('MERGE (m:Migration {id: $id}) ON CREATE SET m.name = $name, m.checksum = $checksum, m.appliedAt = datetime()', {
          id: `migration-${m.id}`,
          name: m.name,
          checksum,
        }),
      );
      log.info({ migration: m.id, name: m.name }, 'migration applied');
      result.applied.push(m.id);
    }
    return result;
  } finally {
    await releaseLease(graph, holder);
  }
}

async function ensureBootstrap(graph: GraphClient): Promise<void> {
  await runSchemaStatement(graph, 'CREATE CONSTRAINT migration_id_unique IF NOT EXISTS FOR (n:Migration) REQUIRE n.id IS UNIQUE');
  await runSchemaStatement(graph, 'CREATE CONSTRAINT migrationlock_id_unique IF NOT EXISTS FOR (n:MigrationLock) REQUIRE n.id IS UNIQUE');
}

async function runSchemaStatement(graph: GraphClient, statement: string): Promise<void> {
  try {
    await graph.run(statement);
  } catch (err) {
    const code = (err as { code?: string }).code;
    // Two processes creating the same rule at once: the loser sees one of these.
    if (code === neo4jErrorCodes.equivalentSchemaRuleAlreadyExists || code === neo4jErrorCodes.constraintAlreadyExists || code === neo4jErrorCodes.indexAlreadyExists) return;
    throw err;
  }
}

async function acquireLease(graph: GraphClient, holder: string, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const got = await graph.write(async (tx) => {
      // Writing the node first takes its write lock, so the holder read below is the
      // latest committed one and two processes cannot both see it free.
      await tx.run('MERGE (l:MigrationLock {id: "migrations"}) SET l.lockedAt = $now', { now: Date.now() });
      const res = await tx.run(
        `MATCH (l:MigrationLock {id: "migrations"})
         WITH l WHERE l.holder IS NULL OR l.expiresAt < $now OR l.holder = $holder
         SET l.holder = $holder, l.expiresAt = $now + $lease
         RETURN l.holder AS holder`,
        { holder, now: Date.now(), lease: LEASE_MS },
      );
      return res.records.length > 0;
    });
    if (got) return;
    if (Date.now() > deadline) throw new FailedPreconditionError('another process holds the migration lock; retry when it has finished');
    await sleep(200);
  }
}

async function releaseLease(graph: GraphClient, holder: string): Promise<void> {
  await graph.write((tx) =>
    tx.run('MATCH (l:MigrationLock {id: "migrations"}) WHERE l.holder = $holder REMOVE l.holder, l.expiresAt', { holder }),
  );
}

async function appliedMigrations(graph: GraphClient): Promise<Map<number, string>> {
  const res = await graph.read((tx) => tx.run('MATCH (m:Migration) RETURN m.id AS id, m.checksum AS checksum'));
  return new Map(res.records.map((r) => [Number(String(r.get('id')).replace('migration-', '')), String(r.get('checksum'))]));
}
