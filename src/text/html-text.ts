/**
 * Plain text of citizen and platform HTML (`<p>`, `<br/>`, entities; docs/platform-api.md), for
 * storage beside the raw original, for matching and for reading. Nothing here makes text safe to
 * render: every renderer escapes (HTML) or neutralises (spreadsheets) the plain text it is given.
 * Convert once: decoding the output again would turn a citizen's literal "&lt;" into "<".
 */
import { decodeHtmlEntities } from './html-entities.js';

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

/** Shorten to `max` characters (code points) with an ellipsis. */
export function truncateText(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : chars.slice(0, max - 1).join('') + '…';
}
