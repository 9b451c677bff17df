/**
 * The short name a lineage drawing gives a node, from its label and properties: a file
 * version by repo and path (its end kept when too long), a commit by repo and short id, a job by pipeline, a model
 * version by model and version number. Full ids stay in the node's details.
 */

/** The longest caption drawn; longer ones end in an ellipsis. */
export const MAX_CAPTION = 40;

type Props = Record<string, unknown>;

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' || typeof v === 'bigint' ? String(v) : undefined);
const short = (id: string): string => (id.length > 12 ? id.slice(0, 12) : id);
/** `default/images` → `images`: the default project goes without saying. */
const repoName = (id: string | undefined): string | undefined => (id?.startsWith('default/') ? id.slice('default/'.length) : id);

const CAPTIONS: Record<string, (id: string, p: Props) => string | undefined> = {
  FileVersion: (_id, p) => (text(p.path) ? `${repoName(text(p.repoId)) ?? '?'}:${text(p.path)}` : undefined),
  Commit: (id, p) => `${repoName(text(p.repoId)) ?? 'commit'}@${short(id)}`,
  Job: (id, p) => `${repoName(text(p.pipelineId)) ?? 'job'} ${short(id)}`,
  Datum: (id, p) => `datum ${short(text(p.datumKey) ?? id)}`,
  ModelVersion: (id, p) => (text(p.version) ? `${repoName(text(p.modelId)) ?? 'model'} v${text(p.version)}` : id),
  PipelineVersion: (id, p) => (text(p.version) ? `${repoName(text(p.pipelineId)) ?? 'pipeline'} v${text(p.version)}` : short(id)),
  Decision: (id, p) => `decision ${short(id)}${text(p.subjectId) ? ` · ${text(p.subjectId)}` : ''}`,
  ErasureRequest: (id) => `erasure ${short(id)}`,
};

/** The caption of a node, at most {@link MAX_CAPTION} characters. */
export function nodeCaption(label: string, id: string, properties: Props): string {
  const caption = CAPTIONS[label]?.(id, properties) ?? repoName(id) ?? id;
  if (caption.length <= MAX_CAPTION) return caption;
  // A path says most at its end: the file's name.
  return label === 'FileVersion' ? `…${caption.slice(caption.length - MAX_CAPTION + 1)}` : `${caption.slice(0, MAX_CAPTION - 1)}…`;
}
