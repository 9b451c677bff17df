/**
 * `joinOn` and `groupBy` are replacement templates over a glob's capture groups, as in
 * Pachyderm: `$1`, `${1}` (group 1), `$0` or `$&` (the whole path), `$$` (a literal `$`);
 * any other text is kept as is, so `$1-$2` joins on both groups.
 */
type TemplatePart = { text: string } | { group: number };

/** Splits a template into literal text and group references. */
function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  const pattern = /\$(?:\$|&|\{(\d+)\}|(\d+))/g;
  let last = 0;
  for (const found of template.matchAll(pattern)) {
    const at = found.index;
    if (at > last) parts.push({ text: template.slice(last, at) });
    const token = found[0];
    if (token === '$$') parts.push({ text: '$' });
    else if (token === '$&') parts.push({ group: 0 });
    else parts.push({ group: Number(found[1] ?? found[2]) });
    last = at + token.length;
  }
  if (last < template.length) parts.push({ text: template.slice(last) });
  return parts;
}

/** The capture group numbers (1-based; 0 is the whole path) a template refers to. */
export function templateGroups(template: string): number[] {
  const groups = parseTemplate(template).flatMap((part) => ('group' in part ? [part.group] : []));
  return [...new Set(groups)].sort((a, b) => a - b);
}

/**
 * Expands a template with the captures of one match (`captures[0]` is `$1`) and the
 * matched path (`$0`). A group the glob does not have expands to the empty string.
 */
export function expandTemplate(template: string, captures: readonly string[], path: string): string {
  return parseTemplate(template)
    .map((part) => ('text' in part ? part.text : part.group === 0 ? path : (captures[part.group - 1] ?? '')))
    .join('');
}
