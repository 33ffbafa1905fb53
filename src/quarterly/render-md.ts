/** quarterly-<Q>.md: the sections as Markdown (headings, sentences, tables), untrusted text made inert. */
import { mdText, type TableCell } from '../report/index.js';
import type { QuarterlyDocument } from './quarterly-document.js';

const cellText = (c: TableCell) =>
  c === null ? '' : c.kind === 'number' ? String(c.value) : mdText(c.value);

export function renderQuarterlyMd(doc: QuarterlyDocument): string {
  const out: string[] = [`# ${mdText(doc.title)}`, '', mdText(doc.subtitle), ''];
  for (const s of doc.sections) {
    out.push(`## ${mdText(s.heading)}`, '');
    for (const p of s.paragraphs) out.push(mdText(p), '');
    out.push(`_${mdText(s.scope)}_`, '');
    for (const t of s.tables) {
      out.push(`**${mdText(t.name.replace(/^\d+\s*/, ''))}**`, '');
      out.push(`| ${t.headers.map(mdText).join(' | ')} |`);
      out.push(`|${t.headers.map(() => ' --- ').join('|')}|`);
      for (const r of t.rows) out.push(`| ${r.map(cellText).join(' | ')} |`);
      out.push('');
    }
  }
  return out.join('\n');
}
