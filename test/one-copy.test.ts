import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePlatformDate } from '../src/feedback/index.js';
import { decodeHtmlEntities, htmlToText } from '../src/text/index.js';
import { naiveToInstant } from '../src/time/index.js';

/** Every TypeScript file under src/ with its text. */
function sources(dir = 'src'): { file: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') ? [{ file: path, text: readFileSync(path, 'utf8') }] : [];
  });
}

/** The files that define a function whose name matches `name`. */
function definitions(name: RegExp): string[] {
  const def = new RegExp(`(?:function\\s+|const\\s+)(${name.source})\\b`);
  return sources()
    .filter((s) => def.test(s.text))
    .map((s) => s.file.replaceAll('\\', '/'));
}

describe('one copy of each thing', () => {
  it('one HTML escape, one end of a local day, one wall-time conversion', () => {
    expect(definitions(/escapeHtml/)).toEqual(['src/report/escape-html.ts']);
    expect(definitions(/endOf(Local)?Day/)).toEqual(['src/time/zoned-time.ts']);
    expect(definitions(/localDate/)).toEqual(['src/time/zoned-time.ts']);
    expect(definitions(/\w*(?:ToUtc|ToInstant)\w*/i).sort()).toEqual([
      'src/time/naive-timestamp.ts',
      'src/time/zoned-time.ts',
    ]);
  });

  it('the citizen-voice dates read naive timestamps exactly as the catalogue does', () => {
    const texts = [
      '2024-10-16 10:05',
      '2026-03-10 00:00:00.123456',
      '2017/09/05 11:27',
      '2026-08-01',
      '2024-10/16 10:05',
      '0999-01-01',
      '2024-02-29 23:59:59',
      '2023-02-29 10:00',
    ];
    for (const text of texts) {
      let catalogue: string | null;
      try {
        catalogue = naiveToInstant(text, 'Asia/Taipei')?.toISOString() ?? null;
      } catch {
        catalogue = null;
      }
      expect(parsePlatformDate(text, 'Asia/Taipei')?.toISOString() ?? null, text).toBe(catalogue);
    }
  });

  it('citizen text decodes every HTML entity, with one HTML-to-text conversion for storage and the report', () => {
    const raw = 'caf&eacute; &times; 3 &hearts; &#x1F600; &#39;q&#39; &nbsp;a&amp;b R&D &copy2019 &bogus;';
    const want = "café × 3 ♥ 😀 'q'  a&b R&D &copy2019 &bogus;";
    expect(decodeHtmlEntities(raw)).toBe(want);
    expect(htmlToText(`<p>${raw}</p>`)).toBe(want.replace(/ {2,}/g, ' '));
    expect(definitions(/decode\w*Entities/)).toEqual(['src/text/html-entities.ts']);
    expect(definitions(/\w*(?:ToText|PlainText)\w*/)).toEqual(['src/text/html-text.ts']);
  });
});
