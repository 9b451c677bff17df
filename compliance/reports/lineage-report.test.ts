import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildLineageReport, type ErasureTouchSource, type LineageResult, type LineageSource } from './lineage-report.js';
import { layoutLineage } from './lineage-layout.js';
import { LINEAGE_PAGE_CSP, renderLineagePage } from './lineage-page.js';
import { LINEAGE_PAGE_SCRIPT } from './lineage-page-script.js';
import { LINEAGE_PAGE_STYLE } from './lineage-page-style.js';
import { nodeCaption } from './node-caption.js';
import { nodeProject } from './node-project.js';
import { withholdNodes } from './report-visibility.js';

/** words:/a.txt -> datum -> upper:/a.txt -> datum -> model v1, with the root in the middle. */
const chain: LineageResult = {
  nodes: [
    { label: 'FileVersion', id: 'fv-a', properties: { repoId: 'default/words', path: '/a.txt', hash: 'h1', size: 5, subjects: ['s-1'] } },
    { label: 'Datum', id: 'd-1', properties: { jobId: 'j1', datumKey: 'k1', state: 'success' } },
    { label: 'FileVersion', id: 'fv-b', properties: { repoId: 'default/upper', path: '/a.txt', hash: 'h2', size: 5, subjects: [] } },
    { label: 'Datum', id: 'd-2', properties: { jobId: 'j2', datumKey: 'k2', state: 'success' } },
    { label: 'ModelVersion', id: 'default/model@c1', properties: { modelId: 'default/model', version: 1, state: 'current' } },
  ],
  edges: [
    { type: 'INPUT_OF', from: 'fv-a', to: 'd-1' },
    { type: 'PRODUCED', from: 'd-1', to: 'fv-b' },
    { type: 'INPUT_OF', from: 'FileVersion:fv-b', to: 'Datum:d-2' },
    { type: 'PRODUCED', from: 'd-2', to: 'default/model@c1' },
    { type: 'PRODUCED', from: 'd-2', to: 'not-in-the-result' },
  ],
  truncated: false,
};

/** Splits a lineage around `fv-b` into what an upstream and a downstream query answer. */
function sided(all: LineageResult, upKeys: string[]): (direction: string) => LineageResult {
  return (direction) => {
    const up = direction === 'UPSTREAM';
    const nodes = all.nodes.filter((n) => n.id === 'fv-b' || upKeys.includes(n.id) === up);
    const ids = new Set(nodes.map((n) => n.id));
    const bare = (x: string) => x.slice(x.indexOf(':') + 1);
    return { ...all, edges: all.edges.filter((e) => ids.has(bare(e.from)) && (ids.has(bare(e.to)) || e.to === 'not-in-the-result')), nodes };
  };
}

function sources(result: LineageResult | ((direction: string) => LineageResult), touches: Awaited<ReturnType<ErasureTouchSource['erasuresTouching']>> = []) {
  const asked: { lineage: unknown[]; erasures: unknown[] } = { lineage: [], erasures: [] };
  const answer = typeof result === 'function' ? result : () => result;
  const lineage: LineageSource = { lineage: async (req) => (asked.lineage.push(req), answer(req.direction)) };
  const erasures: ErasureTouchSource = { erasuresTouching: async (nodes) => (asked.erasures.push(nodes), touches) };
  return { lineage, erasures, asked };
}

const clock = () => new Date('2024-05-01T10:00:00.000Z');
const request = { label: 'FileVersion', id: 'fv-b', direction: 'BOTH' as const, depth: 3 };

describe('buildLineageReport', () => {
  it('asks upstream and downstream apart, marks each node by the side it came from, and keys edges by node', async () => {
    const deps = sources(sided(chain, ['fv-a', 'd-1']));
    const report = await buildLineageReport({ ...deps, clock, globalIdOf: (label, id) => `${label}/${id}` }, request);
    expect(deps.asked.lineage).toEqual([{ ...request, direction: 'UPSTREAM' }, { ...request, direction: 'DOWNSTREAM' }]);
    expect(report.title).toBe('Lineage of FileVersion upper:/a.txt');
    expect(report.generatedAt).toBe('2024-05-01T10:00:00.000Z');
    expect(Object.fromEntries(report.nodes.map((n) => [n.key, n.role]))).toEqual({
      'FileVersion:fv-b': 'root',
      'FileVersion:fv-a': 'upstream',
      'Datum:d-1': 'upstream',
      'Datum:d-2': 'downstream',
      'ModelVersion:default/model@c1': 'downstream',
    });
    expect(report.edges).toHaveLength(4);
    expect(report.edges).toContainEqual({ type: 'INPUT_OF', from: 'FileVersion:fv-b', to: 'Datum:d-2' });
    expect(report.edges).toContainEqual({ type: 'INPUT_OF', from: 'FileVersion:fv-a', to: 'Datum:d-1' });
    expect(report.root.globalId).toBe('FileVersion/fv-b');
    expect(deps.asked.erasures).toEqual([report.nodes.map((n) => ({ label: n.label, id: n.id }))]);
  });

  it('keeps the root when the lineage does not return it (a node with no lineage)', async () => {
    const report = await buildLineageReport({ ...sources({ nodes: [], edges: [], truncated: false }), clock }, { ...request, id: 'alone' });
    expect(report.nodes.map((n) => [n.key, n.role])).toEqual([['FileVersion:alone', 'root']]);
  });

  it('calls a node met on both sides both, and reads driver values as plain JSON', async () => {
    const loop: LineageResult = {
      nodes: [
        { label: 'FileVersion', id: 'fv-b', properties: { size: { toNumber: () => 5 }, at: new Date('2024-05-01T00:00:00Z'), tags: [{ toNumber: () => 1 }] } },
        { label: 'Commit', id: 'c', properties: {} },
      ],
      edges: [],
      truncated: false,
    };
    const report = await buildLineageReport({ ...sources(loop), clock }, request);
    expect(report.nodes.map((n) => n.role)).toEqual(['root', 'both']);
    expect(report.root.properties).toEqual({ size: 5, at: '2024-05-01T00:00:00.000Z', tags: [1] });
  });

  it('asks one side only when told, and says when the lineage was cut short', async () => {
    const deps = sources({ ...chain, truncated: true });
    const report = await buildLineageReport({ ...deps, clock }, { ...request, direction: 'DOWNSTREAM' });
    expect(deps.asked.lineage).toEqual([{ ...request, direction: 'DOWNSTREAM' }]);
    expect(report.truncated).toBe(true);
    expect(new Set(report.nodes.slice(1).map((n) => n.role))).toEqual(new Set(['downstream']));
  });
});

describe('nodeCaption', () => {
  it('names nodes by what people know them by', () => {
    expect(nodeCaption('FileVersion', 'x', { repoId: 'default/words', path: '/a.txt' })).toBe('words:/a.txt');
    expect(nodeCaption('FileVersion', 'x', { repoId: 'research/words', path: '/a.txt' })).toBe('research/words:/a.txt');
    expect(nodeCaption('Commit', '0123456789abcdef0123456789abcdef', { repoId: 'default/words' })).toBe('words@0123456789ab');
    expect(nodeCaption('Job', '0123456789abcdef0123456789abcdef', { pipelineId: 'default/upper' })).toBe('upper 0123456789ab');
    expect(nodeCaption('ModelVersion', 'default/m@c', { modelId: 'default/m', version: 3 })).toBe('m v3');
    expect(nodeCaption('Subject', 'applicant-7', {})).toBe('applicant-7');
  });

  it('shortens long captions, keeping the end of a path', () => {
    const path = `/${'deep/'.repeat(20)}file.csv`;
    const caption = nodeCaption('FileVersion', 'x', { repoId: 'default/r', path });
    expect(caption).toHaveLength(40);
    expect(caption.startsWith('…') && caption.endsWith('/file.csv')).toBe(true);
  });
});

describe('layoutLineage', () => {
  it('lays data out left to right, every edge from the right side of its source towards its target', async () => {
    const report = await buildLineageReport({ ...sources(sided(chain, ['fv-a', 'd-1'])), clock }, request);
    const layout = layoutLineage(report);
    const x = new Map(layout.nodes.map((n) => [n.key, n.x]));
    for (const e of layout.edges) expect(x.get(e.from)!).toBeLessThan(x.get(e.to)!);
    expect(layout.edges).toHaveLength(4);
    expect(layout.width).toBeGreaterThan(layout.nodes.reduce((w, n) => Math.max(w, n.x), 0));
  });
});

describe('layoutLineage against the flow', () => {
  it('ranks an edge that points against the data flow as data flows, and keeps its arrow as stored', () => {
    const input = {
      nodes: [
        { key: 'Job:j', label: 'Job', caption: 'train j' },
        { key: 'Datum:d', label: 'Datum', caption: 'datum d' },
      ],
      edges: [{ type: 'OF_JOB', from: 'Datum:d', to: 'Job:j' }],
    };
    const x = (layout: ReturnType<typeof layoutLineage>, key: string) => layout.nodes.find((n) => n.key === key)!.x;
    const stored = layoutLineage(input);
    expect(x(stored, 'Datum:d')).toBeLessThan(x(stored, 'Job:j'));
    const flowing = layoutLineage(input, { againstFlow: (type) => type === 'OF_JOB' });
    expect(x(flowing, 'Job:j')).toBeLessThan(x(flowing, 'Datum:d'));
    const points = flowing.edges[0]!.points;
    expect(points[0]!.x).toBeGreaterThan(points.at(-1)!.x);
  });
});

describe('renderLineagePage', () => {
  it('draws one node shape per node and one path per edge, with the report as JSON', async () => {
    const report = await buildLineageReport({ ...sources(sided(chain, ['fv-a', 'd-1'])), clock }, request);
    const html = renderLineagePage(report);
    expect(html.match(/<g class="node /g)).toHaveLength(5);
    expect(html.match(/<g class="edge" /g)).toHaveLength(4);
    expect(html).toContain('<g class="node kind-FileVersion role-root" data-key="FileVersion:fv-b"');
    expect(html).toContain('No erasure has touched this node or its lineage.');
    const json = /<script type="application\/json" id="lineage-data">(.*?)<\/script>/s.exec(html)![1]!;
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('escapes what the graph holds, in the drawing, the tables and the embedded JSON', async () => {
    const hostile: LineageResult = {
      nodes: [{ label: 'FileVersion', id: 'fv', properties: { repoId: 'default/r', path: '/</script><script>alert(1)</script>"&.txt', note: '<!-- x' } }],
      edges: [],
      truncated: true,
    };
    const html = renderLineagePage(await buildLineageReport({ ...sources(hostile), clock }, { ...request, id: 'fv' }));
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html).not.toContain('<!-- x');
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;.txt');
    expect(html).toContain('id="truncated"');
  });

  it('lists the erasures that touched the lineage and marks the nodes they touched', async () => {
    const erasure = { id: 'er-1', subjectId: 's-1', state: 'verified', reason: 'asked', requestedBy: 'alice', approvedBy: 'carol', createdAt: '2024-05-02T00:00:00.000Z' };
    const touches = [{ erasure, touched: [{ relation: 'SHREDDED', label: 'FileVersion', id: 'fv-a' }] }];
    const report = await buildLineageReport({ ...sources(sided(chain, ['fv-a', 'd-1']), touches), clock }, request);
    const html = renderLineagePage(report);
    expect(html).toContain('<tr data-erasure="er-1">');
    expect(html).toContain('<li>SHREDDED FileVersion words:/a.txt</li>');
    expect(html).toContain('<g class="node kind-FileVersion role-upstream erased" data-key="FileVersion:fv-a"');
  });

  it('allows by its policy only its own inline style and script, by hash', () => {
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    expect(LINEAGE_PAGE_CSP).toBe(`default-src 'none'; style-src ${hash(LINEAGE_PAGE_STYLE)}; script-src ${hash(LINEAGE_PAGE_SCRIPT)}; base-uri 'none'; form-action 'none'`);
  });
});

describe('who sees what', () => {
  it('tells the project of a node from the ids it carries, or the lineage graph says it', async () => {
    expect(nodeProject({ label: 'FileVersion', id: 'x', properties: { repoId: 'credit/applicants' } })).toBe('credit');
    expect(nodeProject({ label: 'Job', id: 'x', properties: { pipelineId: 'credit/train' } })).toBe('credit');
    expect(nodeProject({ label: 'ModelVersion', id: 'risk/loans@c', properties: {} })).toBe('risk');
    expect(nodeProject({ label: 'Subject', id: 's', properties: {} })).toBeNull();
    const told = { ...chain, nodes: chain.nodes.map((n) => ({ ...n, project: n.id === 'd-1' ? 'elsewhere' : 'default' })) };
    const report = await buildLineageReport({ ...sources(told), clock }, request);
    expect(report.nodes.find((n) => n.id === 'd-1')!.project).toBe('elsewhere');
  });

  it('withholds the names and properties of nodes of projects the reader may not see, keeping them in the graph', async () => {
    const report = await buildLineageReport({ ...sources(sided(chain, ['fv-a', 'd-1'])), clock }, request);
    const shown = withholdNodes({ ...report, nodes: report.nodes.map((n) => (n.id === 'fv-a' ? { ...n, project: 'secret' } : n)) }, (p) => p !== 'secret');
    const hidden = shown.nodes.find((n) => n.id === 'fv-a')!;
    expect(hidden).toMatchObject({ caption: 'withheld (project secret)', properties: { withheld: expect.stringContaining('project secret') } });
    expect(shown.nodes).toHaveLength(report.nodes.length);
    expect(shown.edges).toEqual(report.edges);
    expect(renderLineagePage(shown)).not.toContain('words:/a.txt');
  });
});
