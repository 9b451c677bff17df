/** The stylesheet of the lineage page, inlined into it: node colours by kind, the details panel, the tables. */
export const LINEAGE_PAGE_STYLE = `
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --accent: #0969da; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--ink); background: #f6f8fa; }
header { padding: 16px 24px 8px; background: #fff; border-bottom: 1px solid var(--line); }
h1 { margin: 0 0 4px; font-size: 20px; }
h2 { margin: 0 0 8px; font-size: 16px; }
.meta { margin: 0; color: var(--muted); }
.warning { margin: 8px 0 0; padding: 6px 10px; border: 1px solid #d4a72c; background: #fff8c5; border-radius: 6px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 14px; margin: 8px 0 4px; padding: 0; list-style: none; color: var(--muted); font-size: 12px; }
.legend .swatch { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -2px; border-radius: 3px; border: 1px solid #8c959f; }
main { display: grid; grid-template-columns: minmax(0, 1fr) 360px; gap: 16px; padding: 16px 24px 32px; }
section, aside { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
#graph-section { grid-column: 1 / span 2; }
#node-details { grid-column: 2; grid-row: 2 / span 2; align-self: start; position: sticky; top: 12px; max-height: calc(100vh - 24px); overflow: auto; }
#erasures, #nodes { grid-column: 1; }
.graph-scroll { overflow: auto; max-height: 75vh; }
.graph-scroll.fit #lineage-graph { width: 100%; height: auto; }
#fit-toggle { margin-left: 12px; font: 12px system-ui, "DejaVu Sans", sans-serif; padding: 2px 8px; border: 1px solid var(--line); border-radius: 6px; background: #f6f8fa; cursor: pointer; }
#lineage-graph { display: block; }
#lineage-graph .node { cursor: pointer; outline: none; }
#lineage-graph .node rect { fill: #fff; stroke: #8c959f; stroke-width: 1.2; }
#lineage-graph .node:hover rect, #lineage-graph .node:focus rect { stroke: var(--accent); stroke-width: 2; }
#lineage-graph .node.selected rect { stroke: var(--accent); stroke-width: 3; }
#lineage-graph .node.role-root rect { stroke: #1f2328; stroke-width: 2.5; }
#lineage-graph .node.erased rect { stroke: #cf222e; stroke-dasharray: 5 3; }
#lineage-graph text { font: 12px system-ui, "DejaVu Sans", sans-serif; text-anchor: middle; fill: var(--ink); pointer-events: none; }
#lineage-graph .node-label { font-size: 10px; font-weight: 600; fill: var(--muted); letter-spacing: .02em; }
#lineage-graph .edge path { fill: none; stroke: #8c959f; stroke-width: 1.4; }
#lineage-graph .edge.linked path { stroke: var(--accent); stroke-width: 2.2; }
#lineage-graph .edge-label { font-size: 9px; fill: var(--muted); dominant-baseline: middle; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
#lineage-graph .arrowhead { fill: #8c959f; }
#lineage-graph .kind-FileVersion rect { fill: #b6e3ff; }
.swatch.kind-FileVersion { background: #b6e3ff; }
#lineage-graph .kind-Commit rect { fill: #d0d7de; }
.swatch.kind-Commit { background: #d0d7de; }
#lineage-graph .kind-Datum rect { fill: #fae17d; }
.swatch.kind-Datum { background: #fae17d; }
#lineage-graph .kind-Job rect { fill: #ffc680; }
.swatch.kind-Job { background: #ffc680; }
#lineage-graph .kind-PipelineVersion rect { fill: #ffb8b0; }
.swatch.kind-PipelineVersion { background: #ffb8b0; }
#lineage-graph .kind-ModelVersion rect { fill: #e8c5ff; }
.swatch.kind-ModelVersion { background: #e8c5ff; }
#lineage-graph .kind-Decision rect { fill: #ffadda; }
.swatch.kind-Decision { background: #ffadda; }
#lineage-graph .kind-Subject rect { fill: #aceebb; }
.swatch.kind-Subject { background: #aceebb; }
#lineage-graph .kind-ErasureRequest rect { fill: #ff8182; }
.swatch.kind-ErasureRequest { background: #ff8182; }
table { width: 100%; border-collapse: collapse; font-size: 13px; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--line); }
th { color: var(--muted); font-weight: 600; }
#node-table tbody tr { cursor: pointer; }
#node-table tbody tr:hover, #node-table tbody tr.selected { background: #ddf4ff; }
summary { white-space: nowrap; cursor: pointer; color: var(--accent); }
code, .id { font: 12px ui-monospace, "DejaVu Sans Mono", monospace; word-break: break-all; }
dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 4px 10px; margin: 0; }
dt { color: var(--muted); }
dd { margin: 0; font: 12px ui-monospace, "DejaVu Sans Mono", monospace; word-break: break-all; white-space: pre-wrap; }
.hint, .empty { color: var(--muted); }
.badge { display: inline-block; padding: 0 6px; border-radius: 10px; font-size: 12px; background: #eaeef2; }
.badge.state-verified { background: #dafbe1; }
.badge.state-failed { background: #ffebe9; }
#node-details h3 { margin: 12px 0 6px; font-size: 14px; }
#node-details ul { margin: 0; padding-left: 18px; }
@media (max-width: 900px) { main { grid-template-columns: 1fr; } #node-details { grid-column: 1; grid-row: auto; position: static; } }
`;
