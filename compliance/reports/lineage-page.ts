/**
 * The lineage report as one self-contained HTML page: the graph laid out by dagre and drawn
 * as SVG, a details panel that shows a node's properties when it is clicked, a table of the
 * nodes (each with its properties, readable without script), and the erasures that touched
 * the lineage. Style, script and data are inlined; its Content-Security-Policy allows only
 * them (by hash), so the page loads nothing and sends nothing, wherever it is opened.
 */
import { createHash } from 'node:crypto';
import { REFERENCE_EDGE_TYPES } from '../../graph-schema/lineage/index.js';
import { cssToken, escapeHtml, jsonForScript } from './html-text.js';
import { layoutLineage } from './lineage-layout.js';
import { LINEAGE_PAGE_SCRIPT } from './lineage-page-script.js';
import { LINEAGE_PAGE_STYLE } from './lineage-page-style.js';
import type { ErasureTouch, LineageReport, ReportNode } from './lineage-report.js';
import { renderLineageSvg } from './lineage-svg.js';

const AGAINST_FLOW: ReadonlySet<string> = new Set(REFERENCE_EDGE_TYPES);

const hashSource = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The page's policy: its own inline style and script, nothing else, no form, no base. */
export const LINEAGE_PAGE_CSP = `default-src 'none'; style-src ${hashSource(LINEAGE_PAGE_STYLE)}; script-src ${hashSource(LINEAGE_PAGE_SCRIPT)}; base-uri 'none'; form-action 'none'`;

export function renderLineagePage(report: LineageReport): string {
  const layout = layoutLineage(report, { againstFlow: (type) => AGAINST_FLOW.has(type) });
  const erased = new Set(report.erasures.flatMap((t) => t.touched.map((x) => `${x.label}:${x.id}`)));
  const svg = renderLineageSvg({ layout, nodes: report.nodes, edges: report.edges, title: report.title, erased });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(LINEAGE_PAGE_CSP)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(report.title)} · Stemma</title>
<style>${LINEAGE_PAGE_STYLE}</style>
</head>
<body>
${headerHtml(report)}
<main>
<section id="graph-section"><h2>Graph <button type="button" id="fit-toggle" hidden>Actual size</button></h2><div class="graph-scroll" id="graph-scroll">
${svg}
</div></section>
<aside id="node-details" aria-live="polite"><h2>Node details</h2><p id="node-details-hint" class="hint">Click a node in the graph, or a row of the table, to see its properties.</p><div id="node-details-body"></div></aside>
${erasuresHtml(report)}
${nodeTableHtml(report.nodes)}
</main>
<script type="application/json" id="lineage-data">${jsonForScript(report)}</script>
<script>${LINEAGE_PAGE_SCRIPT}</script>
</body>
</html>
`;
}

function headerHtml(r: LineageReport): string {
  const counts = `${r.nodes.length} node${r.nodes.length === 1 ? '' : 's'}, ${r.edges.length} edge${r.edges.length === 1 ? '' : 's'}`;
  const kinds = [...new Set(r.nodes.map((n) => n.label))].sort();
  const legend = kinds.map((k) => `<li><span class="swatch kind-${cssToken(k)}"></span>${escapeHtml(k)}</li>`).join('');
  const warning = r.truncated ? '<p class="warning" id="truncated">The lineage has more nodes than this report shows: raise the depth limit or start from a node further along.</p>' : '';
  return `<header>
<h1>${escapeHtml(r.title)}</h1>
<p class="meta">${escapeHtml(r.root.label)} <code>${escapeHtml(r.root.id)}</code> · ${escapeHtml(r.direction.toLowerCase())} · depth ${r.depth} · ${counts} · generated ${escapeHtml(r.generatedAt)}</p>
<ul class="legend">${legend}</ul>
${warning}
</header>`;
}

function erasuresHtml(r: LineageReport): string {
  if (r.erasures.length === 0) {
    return '<section id="erasures"><h2>Erasures</h2><p class="empty">No erasure has touched this node or its lineage.</p></section>';
  }
  const captionOf = new Map(r.nodes.map((n) => [n.key, `${n.label} ${n.caption}`]));
  const rows = r.erasures.map((t) => erasureRow(t, captionOf)).join('\n');
  return `<section id="erasures"><h2>Erasures</h2>
<table id="erasure-table"><thead><tr><th>Erasure</th><th>Subject</th><th>State</th><th>Requested by</th><th>Approved by</th><th>Created</th><th>Touched in this lineage</th></tr></thead>
<tbody>
${rows}
</tbody></table></section>`;
}

function erasureRow({ erasure: e, touched }: ErasureTouch, captionOf: Map<string, string>): string {
  const items = touched.map((x) => `<li>${escapeHtml(x.relation)} ${escapeHtml(captionOf.get(`${x.label}:${x.id}`) ?? `${x.label} ${x.id}`)}</li>`).join('');
  const cell = (v: string | null) => escapeHtml(v ?? '-');
  return `<tr data-erasure="${escapeHtml(e.id)}"><td class="id">${escapeHtml(e.id)}</td><td>${cell(e.subjectId)}</td><td><span class="badge state-${cssToken(e.state ?? 'unknown')}">${cell(e.state)}</span></td><td>${cell(e.requestedBy)}</td><td>${cell(e.approvedBy)}</td><td>${cell(e.createdAt)}</td><td><ul>${items}</ul></td></tr>`;
}

function nodeTableHtml(nodes: readonly ReportNode[]): string {
  const rows = nodes.map((n) => {
    const props = Object.keys(n.properties)
      .sort()
      .map((k) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(propertyText(n.properties[k]))}</dd>`)
      .join('');
    return `<tr data-key="${escapeHtml(n.key)}"><td>${escapeHtml(n.label)}</td><td>${escapeHtml(n.caption)}</td><td>${escapeHtml(n.role)}</td><td class="id">${escapeHtml(n.id)}</td><td><details><summary>properties</summary><dl>${props}</dl></details></td></tr>`;
  });
  return `<section id="nodes"><h2>Nodes</h2>
<table id="node-table"><thead><tr><th>Type</th><th>Name</th><th>Position</th><th>Id</th><th>Properties</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></section>`;
}

function propertyText(value: unknown): string {
  if (value === null || value === undefined) return '-';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
