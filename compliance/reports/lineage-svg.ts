/**
 * The lineage drawing as SVG: one `<g class="node">` per node (a box, its label and caption,
 * a `<title>` for hover), one `<g class="edge">` per edge (a polyline with an arrowhead and
 * its type). Styles come from the page's stylesheet through classes; nothing is inline.
 */
import { cssToken, escapeHtml } from './html-text.js';
import type { LineageLayout } from './lineage-layout.js';
import type { ReportEdge, ReportNode } from './lineage-report.js';

export interface LineageSvgInput {
  layout: LineageLayout;
  nodes: readonly ReportNode[];
  edges: readonly ReportEdge[];
  /** Text for screen readers: what the drawing shows. */
  title: string;
  /** Keys of the nodes an erasure touched: drawn with a dashed red border. */
  erased?: ReadonlySet<string>;
}

export function renderLineageSvg({ layout, nodes, title, erased = new Set() }: LineageSvgInput): string {
  const byKey = new Map(nodes.map((n) => [n.key, n]));
  const width = Math.max(layout.width, 200);
  const height = Math.max(layout.height, 80);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" id="lineage-graph" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}">`,
    '<defs><marker id="arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker></defs>',
    '<g class="edges">',
    ...layout.edges.map((e) => {
      const path = e.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ');
      const data = `data-from="${escapeHtml(e.from)}" data-to="${escapeHtml(e.to)}" data-type="${escapeHtml(e.type)}"`;
      return `<g class="edge" ${data}><title>${escapeHtml(`${captionOf(byKey, e.from)} ${e.type} ${captionOf(byKey, e.to)}`)}</title><path d="${path}" marker-end="url(#arrowhead)"/><text class="edge-label" x="${e.labelAt.x}" y="${e.labelAt.y}">${escapeHtml(e.type)}</text></g>`;
    }),
    '</g>',
    '<g class="nodes">',
    ...layout.nodes.map((placed) => {
      const n = byKey.get(placed.key);
      return n ? nodeSvg(n, placed, erased.has(n.key)) : '';
    }),
    '</g>',
    '</svg>',
  ].join('\n');
}

function nodeSvg(n: ReportNode, p: LineageLayout['nodes'][number], erased: boolean): string {
  const left = p.x - p.width / 2;
  const top = p.y - p.height / 2;
  const classes = `node kind-${cssToken(n.label)} role-${n.role}${erased ? ' erased' : ''}`;
  return [
    `<g class="${classes}" data-key="${escapeHtml(n.key)}" data-label="${escapeHtml(n.label)}" tabindex="0" role="button" aria-label="${escapeHtml(`${n.label} ${n.caption}`)}">`,
    `<title>${escapeHtml(`${n.label} ${n.id}`)}</title>`,
    `<rect x="${left}" y="${top}" width="${p.width}" height="${p.height}" rx="6" ry="6"/>`,
    `<text class="node-label" x="${p.x}" y="${top + 17}">${escapeHtml(n.label)}</text>`,
    `<text class="node-caption" x="${p.x}" y="${top + 35}">${escapeHtml(n.caption)}</text>`,
    '</g>',
  ].join('');
}

function captionOf(byKey: Map<string, ReportNode>, key: string): string {
  const n = byKey.get(key);
  return n ? `${n.label} ${n.caption}` : key;
}
