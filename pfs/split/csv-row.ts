const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Writes one CSV row in canonical RFC 4180 form, ending in `\n`: a field is quoted only
 * when it holds a comma, a quote or a line break (quotes doubled inside). A row of one
 * empty field is written `""` so that it does not read back as an empty line.
 */
export function formatCsvRow(fields: readonly string[]): string {
  if (fields.length === 1 && fields[0] === '') return '""\n';
  return fields.map(formatField).join(',') + '\n';
}

function formatField(field: string): string {
  return NEEDS_QUOTES.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}
