/**
 * A report with the nodes of projects its reader may not see withheld: they keep their place
 * in the drawing (the lineage stays whole), but not their properties or name.
 */
import type { LineageReport, ReportNode } from './lineage-report.js';

/** The report with each node of a project `visible` refuses emptied of properties and named `withheld`. */
export function withholdNodes(report: LineageReport, visible: (project: string) => boolean): LineageReport {
  const hide = (n: ReportNode): ReportNode => {
    const project = n.project;
    return project === null || visible(project) ? n : { ...n, caption: `withheld (project ${project})`, properties: { withheld: `this node belongs to project ${project}, which this reader may not see` } };
  };
  return { ...report, root: hide(report.root), nodes: report.nodes.map(hide) };
}
