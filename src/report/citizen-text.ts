/**
 * Citizen and platform text arrives with HTML inside (`<p>`, `<br/>`, entities; docs/platform-api.md).
 * It is stored raw; for reading it is turned into plain text here, and every renderer then escapes
 * (HTML) or neutralises (spreadsheets) that plain text. Nothing here makes text safe by itself.
 */

import { decodeHtmlEntities } from '../text/index.js';

/** Plain text of a citizen's HTML-ish body: line breaks kept, tags dropped, entities decoded. */
export function citizenPlainText(raw: string): string {
  const text = raw
    .replace(/<\s*br\s*\/?\s*>/gi, '\n')
    .replace(/<\s*\/\s*p\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '');
  return decodeHtmlEntities(text)
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Shorten to `max` characters (code points) with an ellipsis. */
export function truncateText(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : chars.slice(0, max - 1).join('') + '…';
}
