/**
 * Text placed in the report pages: escaped for HTML and SVG (text and attribute values
 * alike), and JSON made safe to embed in a `<script type="application/json">` block.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes `&`, `<`, `>` and both quotes: safe in element text and in quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/**
 * JSON for a `<script type="application/json">` element: `<`, `>` and `&` written as
 * unicode escapes (so no `</script>` or `<!--` can end the block early), and the line
 * separators that old parsers took for line ends escaped too. `JSON.parse` reads it back as it was.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A CSS class name from a graph label: letters, digits, `-` and `_` only. */
export function cssToken(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '_');
}
