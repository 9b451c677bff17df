/**
 * Reports for auditors: the lineage of a node as a self-contained HTML page (the graph laid
 * out by dagre, drawn as SVG, with node details and the erasures that touched it) or as JSON.
 */
export {
  buildLineageReport,
  type ErasureTouch,
  type ErasureTouchSource,
  type LineageDirection,
  type LineageReport,
  type LineageReportDeps,
  type LineageRequest,
  type LineageResult,
  type LineageRole,
  type LineageSource,
  type ReportEdge,
  type ReportNode,
} from './lineage-report.js';
export { renderLineagePage, LINEAGE_PAGE_CSP } from './lineage-page.js';
export { layoutLineage, type LineageLayout } from './lineage-layout.js';
export { nodeCaption } from './node-caption.js';
export { nodeProject } from './node-project.js';
export { withholdNodes } from './report-visibility.js';
