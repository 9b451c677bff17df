import { randomUUID } from 'node:crypto';
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, NotFoundError } from '../../core/errors.js';
import { parsePipelineSpec, readPipelineSpecFile } from './parse-pipeline-spec.js';
import { specHash } from './spec-hash.js';

const testdata = (file: string) => fileURLToPath(new URL(`../testdata/${file}`, import.meta.url));

const minimal = {
  pipeline: { name: 'edges' },
  input: { pfs: { repo: 'images', glob: '/*' } },
  transform: { image: 'opencv', cmd: ['python3', '/edges.py'] },
};

const parse = (spec: unknown) => parsePipelineSpec(JSON.stringify(spec), 'json');
const with_ = (patch: Record<string, unknown>) => ({ ...minimal, ...patch });

/** The problems of an invalid spec, one per line. */
function problemsOf(spec: unknown): string[] {
  try {
    parse(spec);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidArgumentError);
    return (err as InvalidArgumentError).details['problems'] as string[];
  }
  throw new Error('expected the spec to be invalid');
}

describe('parsePipelineSpec: valid specs', () => {
  it('fills in Pachyderm defaults', () => {
    expect(parse(minimal)).toEqual({
      spec: {
        pipeline: { name: 'edges', project: 'default' },
        input: {
          pfs: { name: 'images', project: 'default', repo: 'images', branch: 'master', glob: '/*', outerJoin: false, emptyFiles: false, lazy: false },
        },
        transform: { image: 'opencv', cmd: ['python3', '/edges.py'], stdin: [], env: {}, acceptReturnCode: [], errCmd: [], errStdin: [] },
        parallelismSpec: { constant: 1 },
        datumTries: 3,
        autoscaling: false,
        reprocessSpec: 'until_success',
        outputBranch: 'master',
      },
      warnings: [],
    });
  });

  it('reads a full camelCase YAML spec', async () => {
    const { spec, warnings } = await readPipelineSpecFile(testdata('edges.yaml'));
    expect(warnings).toEqual([]);
    expect(spec).toMatchObject({
      pipeline: { name: 'edges', project: 'vision' },
      description: 'Detects edges in every image.',
      parallelismSpec: { constant: 4 },
      datumTries: 5,
      datumTimeout: 90_000,
      jobTimeout: 7_200_000,
      resourceRequests: { cpu: 0.5, memory: '512Mi', gpu: { type: 'nvidia.com/gpu', number: 1 } },
      resourceLimits: { memory: '1Gi' },
      autoscaling: true,
      reprocessSpec: 'every_job',
      salt: 'pepper',
      outputBranch: 'master',
      model: { name: 'edge-detector', path: '/models/edges' },
      transform: {
        image: 'pachyderm/opencv:1.0',
        env: { LOG_LEVEL: 'debug', THRESHOLD: '0.5' },
        workingDir: '/work',
        acceptReturnCode: [2],
        errCmd: ['sh', '-c', 'echo failed'],
      },
    });
    expect(spec.input).toEqual({
      cross: [
        { pfs: { name: 'images', project: 'vision', repo: 'images', branch: 'master', glob: '/*', outerJoin: false, emptyFiles: false, lazy: true } },
        { pfs: { name: 'config', project: 'vision', repo: 'settings', branch: 'stable', glob: '/', outerJoin: false, emptyFiles: false, lazy: false } },
      ],
    });
  });

  it('reads the same spec written as snake_case JSON, in another key order, to the same spec and hash', async () => {
    const yaml = await readPipelineSpecFile(testdata('edges.yaml'));
    const json = await readPipelineSpecFile(testdata('edges-snake.json'));
    expect(json.spec).toEqual(yaml.spec);
    expect(specHash(json.spec)).toBe(specHash(yaml.spec));
  });

  it('reads Pachyderm\'s documented join and group specs', async () => {
    const join = await readPipelineSpecFile(testdata('joins-outer.json'));
    expect(join.warnings).toEqual([]);
    expect(join.spec.input).toMatchObject({ join: [{ pfs: { joinOn: '$1', outerJoin: false } }, { pfs: { joinOn: '$1', outerJoin: true } }] });
    const group = await readPipelineSpecFile(testdata('group-labresults.yaml'));
    expect(group.spec.input).toMatchObject({ group: [{ pfs: { repo: 'labresults', glob: '/*-(*)-lab*.txt', groupBy: '$1' } }] });
    expect(group.spec.transform.stdin).toEqual(['wc -l /pfs/labresults/*']);
  });

  it('detects JSON and YAML without a format', () => {
    expect(parsePipelineSpec(JSON.stringify(minimal)).spec.pipeline.name).toBe('edges');
    const yaml = 'pipeline: {name: edges}\ninput: {pfs: {repo: images, glob: "/*"}}\ntransform: {image: opencv}\n';
    expect(parsePipelineSpec(yaml).spec.pipeline.name).toBe('edges');
    expect(parsePipelineSpec(yaml, 'yaml').spec.transform.image).toBe('opencv');
  });

  it('accepts the project as a string or as {name}', () => {
    expect(parse(with_({ pipeline: { name: 'p', project: 'lab' } })).spec.pipeline.project).toBe('lab');
    expect(parse(with_({ pipeline: { name: 'p', project: { name: 'lab' } } })).spec.input).toMatchObject({ pfs: { project: 'lab' } });
  });

  it('cleans globs as Pachyderm does', () => {
    expect(parse(with_({ input: { pfs: { repo: 'r', glob: '*/' } } })).spec.input).toMatchObject({ pfs: { glob: '/*' } });
  });

  it('fills in a cron input', () => {
    const { spec } = parse(with_({ input: { cron: { name: 'tick', spec: '*/10 * * * *', start: '2024-05-01T12:00:00+02:00' } } }));
    expect(spec.input).toEqual({
      cron: { name: 'tick', project: 'default', repo: 'edges_tick', spec: '*/10 * * * *', overwrite: false, start: '2024-05-01T10:00:00.000Z' },
    });
  });

  it('treats 0 datum tries and 0 parallelism as the defaults, as Pachyderm does', () => {
    const { spec } = parse(with_({ datumTries: 0, parallelismSpec: { constant: 0 } }));
    expect(spec.datumTries).toBe(3);
    expect(spec.parallelismSpec.constant).toBe(1);
  });

  it('accepts a transform with only a command or only an image', () => {
    expect(parse(with_({ transform: { cmd: ['python3', 'x.py'] } })).spec.transform.image).toBeUndefined();
    expect(parse(with_({ transform: { image: 'x' } })).spec.transform.cmd).toEqual([]);
  });

  it('lets union branches share an input name', () => {
    const union = { union: [{ pfs: { repo: 'a', glob: '/*', name: 'in' } }, { pfs: { repo: 'b', glob: '/*', name: 'in' } }] };
    expect(() => parse(with_({ input: union }))).not.toThrow();
  });

  it("reads Stemma's decisions extension, in either spelling, with its path cleaned", () => {
    const { spec } = parse(with_({ decisions: { path: 'decisions/', model: 'loan-model' } }));
    expect(spec.decisions).toEqual({ path: '/decisions', model: 'loan-model' });
    const yaml = 'pipeline: {name: score}\ninput: {pfs: {repo: r, glob: "/*"}}\ntransform: {image: x}\ndecisions: {path: /out/decisions, model: risk/loan-model}\n';
    expect(parsePipelineSpec(yaml).spec.decisions).toEqual({ path: '/out/decisions', model: 'risk/loan-model' });
    expect(specHash(parse(with_({ decisions: { path: '/d', model: 'm' } })).spec)).not.toBe(specHash(parse(minimal).spec));
  });

  it('treats null as not set', () => {
    expect(parse(with_({ description: null, salt: null })).spec).not.toHaveProperty('description');
  });
});

describe('parsePipelineSpec: warnings', () => {
  it('lists unknown fields with their paths and leaves them out', () => {
    const { spec, warnings } = parse({
      ...minimal,
      color: 'blue',
      input: { pfs: { repo: 'images', glob: '/*', speed: 'fast' } },
      transform: { ...minimal.transform, shell: 'zsh' },
    });
    expect(warnings).toEqual([
      'input.pfs.speed: unknown field; ignored',
      'transform.shell: unknown field; ignored',
      'color: unknown field; ignored',
    ]);
    expect(spec).not.toHaveProperty('color');
    expect(spec.input).not.toHaveProperty('pfs.speed');
  });

  it('names Pachyderm fields Stemma does not support', () => {
    const { warnings } = parse({
      ...minimal,
      egress: { URL: 's3://bucket/dir' },
      pod_patch: '[]',
      input: { pfs: { repo: 'images', glob: '/', s3: true } },
      parallelism_spec: { coefficient: 1 },
    });
    expect(warnings).toEqual([
      'input.pfs.s3: Pachyderm field not supported by Stemma; ignored',
      'parallelismSpec.coefficient: Pachyderm field not supported by Stemma; ignored',
      'egress: Pachyderm field not supported by Stemma; ignored',
      'podPatch: Pachyderm field not supported by Stemma; ignored',
    ]);
  });

  it('warns about join and group settings that have no effect where they stand', () => {
    const { warnings } = parse(
      with_({
        input: {
          cross: [
            { pfs: { repo: 'a', glob: '/(*)', join_on: '$1', outer_join: true } },
            { join: [{ pfs: { repo: 'b', glob: '/(*)', group_by: '$1', join_on: '$1' } }, { pfs: { repo: 'c', glob: '/*' } }] },
            { group: [{ pfs: { repo: 'd', glob: '/*' } }] },
          ],
        },
      }),
    );
    expect(warnings).toEqual([
      'input.cross[0].pfs.joinOn: only used inside a join; ignored',
      'input.cross[0].pfs.outerJoin: only used inside a join; ignored',
      'input.cross[1].join[0].pfs.groupBy: only used inside a group; ignored',
      'input.cross[1].join[1].pfs: has no joinOn, so all its datums join on the empty key',
      'input.cross[2].group[0].pfs: has no groupBy, so all its datums fall in one group',
    ]);
  });
});

describe('parsePipelineSpec: invalid specs', () => {
  it('names the field path of an empty glob', () => {
    const spec = with_({
      input: { join: [{ pfs: { repo: 'a', glob: '/(*)', join_on: '$1' } }, { pfs: { repo: 'b', glob: '', join_on: '$1' } }] },
    });
    expect(() => parse(spec)).toThrow(InvalidArgumentError);
    expect(() => parse(spec)).toThrow('invalid pipeline spec: input.join[1].pfs.glob: must not be empty');
  });

  it('lists every problem at once', () => {
    expect(
      problemsOf({
        pipeline: { name: 'bad name!' },
        input: { join: [{ pfs: { repo: 'readings', glob: '/*/(*).txt', join_on: '$2' } }, { pfs: { repo: 'readings', glob: '/[' }, cross: [] }] },
        transform: {},
        datum_timeout: '5 minutes',
        reprocess_spec: 'never',
        datum_tries: -1,
      }),
    ).toEqual([
      'input.join[1]: must set exactly one of pfs, cross, union, join, group, cron (found pfs and cross)',
      'input.join[1].pfs.repo: input name "readings" is used more than once; give each input a unique name',
      'pipeline.name: must contain only letters, digits, "_" and "-"',
      'input.join[0].pfs.joinOn: refers to $2 but the glob "/*/(*).txt" has only 1',
      'input.join[1].pfs.glob: unclosed "[" at character 2',
      'input.join[1].cross: must not be empty',
      'transform: must set image or cmd',
      'datumTries: must be at least 0',
      'datumTimeout: "5 minutes" is not a duration such as "60s", "1m30s" or "2h"',
      'reprocessSpec: must be one of "until_success", "every_job"',
    ]);
  });

  it('puts all problems in the message and in the details', () => {
    try {
      parse(with_({ pipeline: {}, transform: 'x' }));
      expect.unreachable();
    } catch (err) {
      const error = err as InvalidArgumentError;
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toBe('invalid pipeline spec: pipeline.name: required; transform: must be an object');
      expect(error.details).toEqual({ problems: ['pipeline.name: required', 'transform: must be an object'] });
    }
  });

  it('requires pipeline, input and transform', () => {
    expect(problemsOf({})).toEqual([
      'pipeline: required',
      'input: required',
      'transform: required',
    ]);
  });

  it('requires exactly one input kind per node', () => {
    expect(problemsOf(with_({ input: {} }))).toEqual(['input: must set exactly one of pfs, cross, union, join, group, cron (none is set)']);
    expect(problemsOf(with_({ input: { cross: [{ pfs: { repo: 'a', glob: '/' }, cron: { name: 't', spec: '@daily' } }] } }))).toEqual([
      'input.cross[0]: must set exactly one of pfs, cross, union, join, group, cron (found pfs and cron)',
    ]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['cross', { cross: [{ pfs: { repo: 'a', glob: '/*' } }, { pfs: { repo: 'a', glob: '/' } }] }, 'input.cross[1].pfs.repo: input name "a" is used more than once'],
    ['join', { join: [{ pfs: { repo: 'a', glob: '/(*)', join_on: '$1', name: 'x' } }, { pfs: { repo: 'b', glob: '/(*)', join_on: '$1', name: 'x' } }] }, 'input.join[1].pfs.name: input name "x" is used more than once'],
    ['group', { group: [{ pfs: { repo: 'a', glob: '/(*)', group_by: '$1' } }, { pfs: { repo: 'a', glob: '/(*)', group_by: '$1' } }] }, 'input.group[1].pfs.repo: input name "a" is used more than once'],
    ['a union crossed with one of its names', { cross: [{ union: [{ pfs: { repo: 'a', glob: '/*' } }, { pfs: { repo: 'b', glob: '/*' } }] }, { pfs: { repo: 'b', glob: '/' } }] }, 'input.cross[1].pfs.repo: input name "b" is used more than once'],
    ['a cron and a pfs', { cross: [{ cron: { name: 'a', spec: '@daily' } }, { pfs: { repo: 'a', glob: '/' } }] }, 'input.cross[1].pfs.repo: input name "a" is used more than once'],
  ])('rejects duplicate input names under %s', (_, input, problem) => {
    expect(problemsOf(with_({ input })).join('\n')).toContain(problem);
  });

  it.each<[string, unknown, string]>([
    ['pipeline name characters', { pipeline: { name: 'a/b' } }, 'pipeline.name: must contain only letters, digits, "_" and "-"'],
    ['pipeline name start', { pipeline: { name: '_edges' } }, 'pipeline.name: must start with a letter or a digit'],
    ['pipeline name length', { pipeline: { name: 'p'.repeat(64) } }, 'pipeline.name: must have at most 63 characters'],
    ['repo name', { input: { pfs: { repo: 'my repo', glob: '/' } } }, 'input.pfs.repo: must contain only letters, digits, "_" and "-"'],
    ['repo name length', { input: { pfs: { repo: 'r'.repeat(64), glob: '/' } } }, 'input.pfs.repo: must have at most 63 characters'],
    ['input named out', { input: { pfs: { repo: 'r', name: 'out', glob: '/' } } }, 'input.pfs.name: "out" is reserved'],
    ['branch name', { input: { pfs: { repo: 'r', branch: 'feature/x', glob: '/' } } }, 'input.pfs.branch: must contain only letters'],
    ['missing repo', { input: { pfs: { glob: '/' } } }, 'input.pfs.repo: required'],
    ['missing glob', { input: { pfs: { repo: 'r' } } }, 'input.pfs.glob: required'],
    ['invalid glob', { input: { pfs: { repo: 'r', glob: '/(*' } } }, 'input.pfs.glob: unclosed "(" at character 2'],
    ['a commit', { input: { pfs: { repo: 'r', glob: '/', commit: 'abc' } } }, 'input.pfs.commit: an input cannot name a commit'],
    ['joinOn without capture groups', { input: { join: [{ pfs: { repo: 'a', glob: '/*', join_on: '$1' } }, { pfs: { repo: 'b', glob: '/(*)', join_on: '$1' } }] } }, 'input.join[0].pfs.joinOn: refers to $1 but the glob "/*" has no capture groups'],
    ['groupBy beyond the groups', { input: { group: [{ pfs: { repo: 'a', glob: '/(*)-(*)', group_by: '$1$3' } }] } }, 'input.group[0].pfs.groupBy: refers to $3 but the glob "/(*)-(*)" has only 2'],
    ['outerJoin not a boolean', { input: { pfs: { repo: 'r', glob: '/', outer_join: 'yes' } } }, 'input.pfs.outerJoin: must be true or false'],
    ['an empty union', { input: { union: [] } }, 'input.union: must not be empty'],
    ['cron spec', { input: { cron: { name: 'tick', spec: '61 * * * *' } } }, 'input.cron.spec: "61 * * * *" is not a valid cron schedule'],
    ['cron without a name', { input: { cron: { spec: '@daily' } } }, 'input.cron.name: required'],
    ['cron start', { input: { cron: { name: 't', spec: '@daily', start: 'yesterday' } } }, 'input.cron.start: must be an RFC 3339 time'],
    ['cmd not a list', { transform: { cmd: 'python3 x.py' } }, 'transform.cmd: must be a list'],
    ['env value', { transform: { image: 'x', env: { A: ['b'] } } }, 'transform.env.A: must be a string'],
    ['return codes', { transform: { image: 'x', accept_return_code: [1.5] } }, 'transform.acceptReturnCode[0]: must be an integer'],
    ['parallelism', { parallelism_spec: { constant: 2.5 } }, 'parallelismSpec.constant: must be an integer'],
    ['job timeout', { job_timeout: '0s' }, 'jobTimeout: must be longer than zero'],
    ['memory', { resource_requests: { memory: 'lots' } }, 'resourceRequests.memory: must be a quantity such as "512Mi" or "2G"'],
    ['cpu', { resource_limits: { cpu: -1 } }, 'resourceLimits.cpu: must be at least 0'],
    ['gpu', { resource_limits: { gpu: { type: 'nvidia.com/gpu' } } }, 'resourceLimits.gpu.number: required'],
    ['autoscaling', { autoscaling: 'on' }, 'autoscaling: must be true or false'],
    ['output branch', { output_branch: '' }, 'outputBranch: must not be empty'],
    ['model name', { model: { name: 'my model', path: '/m' } }, 'model.name: must contain only letters'],
    ['model path', { model: { name: 'm', path: '../m' } }, 'model.path: must not contain ".."'],
    ['decisions model', { decisions: { path: '/d', model: 'a/b/c' } }, 'decisions.model: must be a model name, or project/name'],
    ['decisions without a model', { decisions: { path: '/d' } }, 'decisions.model: required'],
    ['decisions path', { decisions: { path: '/d/../x', model: 'm' } }, 'decisions.path: must not contain ".."'],
    ['both spellings', { datum_tries: 1, datumTries: 2 }, 'datumTries: given twice, as "datum_tries" and "datumTries"'],
  ])('rejects %s', (_, patch, problem) => {
    expect(problemsOf(with_(patch as Record<string, unknown>)).join('\n')).toContain(problem);
  });

  it('rejects text that is not JSON or YAML, or not an object', () => {
    expect(() => parsePipelineSpec('{"pipeline": ', 'json')).toThrow(/^pipeline spec is not valid JSON: /);
    expect(() => parsePipelineSpec('a: [1', 'yaml')).toThrow(/^pipeline spec is not valid YAML: /);
    expect(() => parsePipelineSpec('- a\n- b\n')).toThrow('invalid pipeline spec: the spec must be an object');
    expect(() => parsePipelineSpec('')).toThrow('invalid pipeline spec: the spec must be an object');
  });
});

describe('readPipelineSpecFile', () => {
  it('reads by extension and reports a missing file', async () => {
    const dir = await mkdtemp(join(tmpdir(), `test-${randomUUID()}-`));
    const file = join(dir, 'spec.yml');
    await writeFile(file, 'pipeline: {name: p}\ninput: {pfs: {repo: r, glob: "/"}}\ntransform: {image: x}\n');
    expect((await readPipelineSpecFile(file)).spec.pipeline.name).toBe('p');
    await expect(readPipelineSpecFile(join(dir, 'missing.json'))).rejects.toThrow(NotFoundError);
  });
});
