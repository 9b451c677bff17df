import { describe, expect, it } from 'vitest';
import { bubblewrapArgs, findBubblewrap, listHostRoot, type HostEntry } from './bubblewrap.js';
import type { DatumTask } from './runner.js';

const task: DatumTask = {
  jobId: 'j',
  datumId: 'd',
  pipeline: { name: 'edges', project: 'default' },
  transform: { cmd: ['python3', '/code/edges.py'] },
  inputs: [
    { name: 'images', dir: '/scratch/in/images' },
    { name: 'labels', dir: '/scratch/in/labels' },
  ],
  outputDir: '/scratch/out',
  workDir: '/scratch/work',
};
const host: HostEntry[] = [
  { path: '/bin', kind: 'symlink', target: 'usr/bin' },
  { path: '/etc', kind: 'dir' },
  { path: '/tmp', kind: 'dir' },
  { path: '/.dockerenv', kind: 'file' },
];

/** The args as [flag, ...operands] groups, for readable expectations. */
function pairs(args: string[]): string[] {
  return args.join(' ').split(' --').map((s, i) => (i === 0 ? s : `--${s}`));
}

describe('bubblewrapArgs', () => {
  it('re-creates the host read-only, /tmp and the scratch dir writable, and mounts /pfs', () => {
    const args = bubblewrapArgs(task, task.transform.cmd, '/pfs/images', host, 'read-only');
    expect(pairs(args)).toEqual([
      '--die-with-parent',
      '--unshare-pid',
      '--proc /proc',
      '--dev /dev',
      '--symlink usr/bin /bin',
      '--ro-bind /etc /etc',
      '--bind /tmp /tmp',
      '--ro-bind /.dockerenv /.dockerenv',
      '--bind /scratch/work /scratch/work',
      '--ro-bind /scratch/in/images /pfs/images',
      '--ro-bind /scratch/in/labels /pfs/labels',
      '--bind /scratch/out /pfs/out',
      '--chdir /pfs/images',
      '-- python3 /code/edges.py',
    ]);
  });

  it('binds the host writable when asked', () => {
    const args = bubblewrapArgs(task, ['true'], '/scratch/work', host, 'read-write');
    expect(pairs(args)).toContain('--bind /etc /etc');
  });
});

describe('listHostRoot', () => {
  it('lists / without the entries the sandbox provides', async () => {
    const paths = (await listHostRoot()).map((e) => e.path);
    expect(paths).toContain('/usr');
    expect(paths).not.toContain('/proc');
    expect(paths).not.toContain('/dev');
    expect(paths).not.toContain('/pfs');
  });
});

describe('findBubblewrap', () => {
  it('finds nothing on an empty PATH', async () => {
    expect(await findBubblewrap('')).toBeUndefined();
    expect(await findBubblewrap('/nonexistent:/also-not')).toBeUndefined();
  });
});
