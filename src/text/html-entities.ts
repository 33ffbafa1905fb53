/**
 * HTML character references in citizen and platform text, decoded with the maintained `entities`
 * table (every HTML5 name), `;` required so "R&D" or "&copy2019" stay as typed.
 */
import { decodeHTMLStrict } from 'entities';

/** Character references → characters; a no-break space becomes a plain space (text, not layout). */
export function decodeHtmlEntities(text: string): string {
  return decodeHTMLStrict(text).replace(/\u00a0/g, ' ');
}
