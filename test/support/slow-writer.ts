/**
 * A writer that puts files into a commit slowly and says when it is mid-way, so a test can
 * kill it there. Usage: tsx test/support/slow-writer.ts <repo> <files>
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { testRuntime } from './seed.js';

const [repo = '', count = '50'] = process.argv.slice(2);
const rt = await testRuntime();
await rt.pfs.write({ project: 'default', repo, branch: 'master' }, async (w) => {
  for (let i = 0; i < Number(count); i++) {
    await w.putFile(`/partial/${i}`, Buffer.alloc(2 * 1024 * 1024, i));
    if (i === 3) process.stdout.write('MIDWAY\n');
    await sleep(100);
  }
});
process.stdout.write('DONE\n');
await rt.close();
