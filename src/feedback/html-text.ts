/**
 * Plain-text renderings of citizen/agency HTML, for matching and search only. The stored original
 * is always the raw HTML; whoever displays it escapes it (the report's `escapeHtml`).
 */
import { decodeHtmlEntities } from '../text/index.js';

/** HTML → plain text: `<br>` and paragraph ends become newlines, tags dropped, entities decoded. */
export function htmlToText(html: string): string {
  // Literal line breaks in HTML are whitespace; only <br> and block ends break lines.
  const text = html
    .replace(/\r?\n/g, ' ')
    .replace(/<\s*br\s*\/?\s*>/gi, '\n')
    .replace(/<\s*\/\s*(p|div|li|h[1-6])\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '');
  return decodeHtmlEntities(text)
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0\u3000]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * One reply floor of the 2019 crawl is a Python-list rendering of its HTML paragraphs:
 * `[<p>…</p>, <p>…</p>]`. Returns the HTML inside the brackets, or null when the field is not
 * shaped like that (a cut-off or foreign field).
 */
export function unwrapPythonListHtml(field: string): string | null {
  const trimmed = field.trim();
  if (!trimmed.startsWith('[') || !trimmed.endsWith(']')) return null;
  return trimmed
    .slice(1, -1)
    .replace(/<\/p>,\s*<p>/g, '</p><p>')
    .trim();
}

/** The platform's automatic acknowledgement floor ("已請主管機關【 … 】研議辦理"), not an agency reply. */
export function isPlatformAcknowledgement(text: string): boolean {
  return /^關於您建議/.test(text) && /已請主管機關/.test(text);
}
