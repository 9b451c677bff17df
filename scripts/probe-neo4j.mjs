// Probes a Neo4j server over Bolt for scripts/stack.sh.
//   node scripts/probe-neo4j.mjs [--version] [uri]
// Exit 0: Bolt answered and the connection works (with --version, prints "<version> <edition>").
// Exit 3: a Neo4j answered but refused the credentials (it requires authentication).
// Exit 4: nothing usable answered (not Bolt, or it timed out); the reason is printed.
// The URI defaults to NEO4J_URI or bolt://127.0.0.1:7687; NEO4J_USER/NEO4J_PASSWORD are used
// when a password is set, otherwise no authentication is sent.
import { clearTimeout, setTimeout } from 'node:timers';
import neo4j from 'neo4j-driver';

const args = process.argv.slice(2);
const wantVersion = args.includes('--version');
const uri = args.find((a) => !a.startsWith('--')) ?? process.env.NEO4J_URI ?? 'bolt://127.0.0.1:7687';
const password = process.env.NEO4J_PASSWORD;
const auth = password ? neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', password) : neo4j.auth.none();
const timeoutMs = Number(process.env.STEMMA_PROBE_TIMEOUT_MS ?? 4000);

const driver = neo4j.driver(uri, auth, {
  connectionTimeout: timeoutMs,
  connectionAcquisitionTimeout: timeoutMs,
  maxConnectionPoolSize: 1,
  logging: { level: 'error', logger: () => {} },
});

const watchdog = setTimeout(() => {
  process.stdout.write(`no Bolt answer from ${uri} within ${timeoutMs} ms\n`);
  process.exit(4);
}, timeoutMs + 1000);

async function componentsVersion() {
  const { records } = await driver.executeQuery(
    'CALL dbms.components() YIELD name, versions, edition RETURN versions[0] AS version, edition',
    {},
    { routing: neo4j.routing.READ, database: 'system' },
  );
  const first = records[0];
  return first ? `${first.get('version')} ${first.get('edition')}` : 'unknown';
}

let code = 0;
try {
  await driver.verifyConnectivity();
  if (wantVersion) process.stdout.write(`${await componentsVersion()}\n`);
} catch (err) {
  const errCode = String(err?.code ?? '');
  const message = String(err?.message ?? err).split('\n')[0] ?? '';
  code = errCode.startsWith('Neo.ClientError.Security') ? 3 : 4;
  if (/timed out|timeout/i.test(message)) {
    process.stdout.write(`no Bolt answer within ${timeoutMs} ms\n`);
  } else {
    const prefix = errCode && errCode !== 'N/A' ? `${errCode}: ` : '';
    process.stdout.write(`${prefix}${message.slice(0, 160)}\n`);
  }
} finally {
  clearTimeout(watchdog);
  await driver.close().catch(() => {});
}
process.exit(code);
