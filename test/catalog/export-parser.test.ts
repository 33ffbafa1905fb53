import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { normalizeRow, parseExportStream, type ParsedItem } from '../../src/catalog/index.js';
import { naiveToInstant } from '../../src/time/index.js';

const SAMPLE = fileURLToPath(
  new URL('../fixtures/real/catalog-export-sample-2026-09-15.csv', import.meta.url),
);
const sampleText = readFileSync(SAMPLE, 'utf8');

async function collect(text: string, format: 'csv' | 'json' = 'csv'): Promise<ParsedItem[]> {
  const out: ParsedItem[] = [];
  // Small chunks: records and multi-byte characters straddle chunk boundaries.
  const buf = Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let i = 0; i < buf.length; i += 777) chunks.push(buf.subarray(i, i + 777));
  for await (const item of parseExportStream(Readable.from(chunks), { format, source: 'sample' }))
    out.push(item);
  return out;
}

/** Independent reference: csv-parse's sync API over the whole file, by position. */
const reference: string[][] = parse(sampleText, { relax_column_count: false });

describe('export parser: the real 100-row sample', () => {
  const variants: Array<[string, string]> = [
    ['as stored (no BOM, LF)', sampleText],
    ['with BOM', '\uFEFF' + sampleText],
    ['with BOM and CRLF record ends', '\uFEFF' + crlf(sampleText)],
  ];
  for (const [name, text] of variants) {
    it(`parses row for row: ${name}`, async () => {
      const items = await collect(text);
      expect(reference[0]).toHaveLength(22);
      expect(items).toHaveLength(100);
      expect(items.every((i) => i.kind === 'row')).toBe(true);
      const rows = items.map((i) => (i.kind === 'row' ? i.row : null));
      rows.forEach((row, n) => {
        const ref = reference[n + 1]!;
        expect(ref).toHaveLength(22);
        expect(row?.datasetId).toBe(ref[0]);
        expect(row?.title).toBe(ref[1]);
        expect(row?.uploadMethod).toBe(ref[8]); // the doubled-資 column
        // Multi-line descriptions intact (CRLF variant: only record ends changed, not field content).
        expect(row?.description).toBe(ref[9]);
        expect(row?.publisher).toBe(ref[11]);
        expect(row?.publishedAt).toBe(ref[18]);
        expect(row?.amounts).toBe(ref[21]);
      });
    });
  }

  it('keeps multi-line and tabbed descriptions, doubled quotes, trailing title spaces', async () => {
    const items = await collect(sampleText);
    const byId = new Map(items.flatMap((i) => (i.kind === 'row' ? [[i.row.datasetId, i.row] as const] : [])));
    expect(byId.get('177414')?.description).toContain('\n');
    expect(byId.get('174793')?.description).toMatch(/\t/);
    expect(byId.get('177264')?.description.startsWith('"1.115年度')).toBe(true);
    expect(byId.get('177414')?.title).toMatch(/ $/);
    expect(normalizeRow(byId.get('177414')!, 'Asia/Taipei').title).not.toMatch(/ $/);
  });

  it('splits ;-joined resources padded with nulls (arity mismatch) and field lists', async () => {
    const items = await collect(sampleText);
    const row = (id: string) => {
      const it = items.find((i) => i.kind === 'row' && i.row.datasetId === id);
      if (!it || it.kind !== 'row') throw new Error(`no ${id}`);
      return normalizeRow(it.row, 'Asia/Taipei');
    };
    expect(row('174854').resources).toHaveLength(25);
    const mismatch = row('177182');
    expect(mismatch.resources).toHaveLength(2);
    expect(mismatch.resources.every((r) => r.amount === null)).toBe(true);
    expect(mismatch.resources.every((r) => r.format !== null && r.url !== null)).toBe(true);
    expect(row('177182').fields).toEqual([]);
    expect(row('177263').fields).toEqual([]);
    expect(row('177692').fields.every((f) => f.length > 0)).toBe(true);
  });

  it('converts naive Asia/Taipei timestamps explicitly, microseconds optional', () => {
    expect(naiveToInstant('2026-05-11 16:51:14', 'Asia/Taipei')?.toISOString()).toBe(
      '2026-05-11T08:51:14.000Z',
    );
    expect(naiveToInstant('2026-03-10 00:00:00.000000', 'Asia/Taipei')?.toISOString()).toBe(
      '2026-03-09T16:00:00.000Z',
    );
    expect(naiveToInstant('2026-03-10 00:00:00.123456', 'UTC')?.toISOString()).toBe(
      '2026-03-10T00:00:00.123Z',
    );
    expect(naiveToInstant('', 'Asia/Taipei')).toBeNull();
    expect(naiveToInstant('2026/03/10', 'UTC')?.toISOString()).toBe('2026-03-10T00:00:00.000Z');
    expect(() => naiveToInstant('2026.03.10', 'Asia/Taipei')).toThrow(/not a platform timestamp/);
    expect(() => naiveToInstant('2019-02-30 25:61:00', 'Asia/Taipei')).toThrow(/invalid date/);
  });

  it('maps columns by name: reordered columns, a fixed 上架方式 header, extra columns', async () => {
    const [header, ...rows] = reference;
    const order = [...header!.keys()].reverse();
    const reorder = (r: string[]) => order.map((i) => r[i]!);
    const h2 = reorder(header!).map((c) => (c === '資資料集上架方式' ? '資料集上架方式' : c));
    const text = [[...h2, '新欄位'], ...rows.map((r) => [...reorder(r), 'x'])].map(csvLine).join('\n');
    const items = await collect(text);
    expect(items).toHaveLength(100);
    const first = items[0];
    expect(first?.kind === 'row' && first.row.uploadMethod).toBe(rows[0]![8]);
  });

  it('quarantines a malformed row with its record number and keeps going', async () => {
    const lines = sampleText.split('\n');
    lines.splice(2, 0, '999001,only three,fields');
    const items = await collect(lines.join('\n'));
    const bad = items.filter((i) => i.kind === 'invalid');
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ key: '999001', recordNo: 2 });
    expect(bad[0]?.kind === 'invalid' && bad[0].reason).toMatch(/3 fields, the header has 22/);
    expect(items.filter((i) => i.kind === 'row')).toHaveLength(100);
  });

  it('rejects an export without a required column, naming it', async () => {
    const text = sampleText.replace('資料集識別碼,', 'ID,');
    await expect(collect(text)).rejects.toThrow(/lacks required column\(s\) 資料集識別碼/);
  });

  it('parses the JSON export (numbers as ids, BOM) element by element', async () => {
    const [header, ...rows] = reference;
    const objs = rows.map((r) =>
      Object.fromEntries(header!.map((h, i) => [h, i === 0 ? Number(r[i]) : r[i]])),
    );
    const items = await collect('\uFEFF' + JSON.stringify(objs, null, 1), 'json');
    expect(items).toHaveLength(100);
    expect(items.every((i) => i.kind === 'row')).toBe(true);
    const r = items[5];
    expect(r?.kind === 'row' && r.row.datasetId).toBe(rows[5]![0]);
    expect(r?.kind === 'row' && r.row.description).toBe(rows[5]![9]);
    await expect(collect(JSON.stringify(objs).slice(0, 5000), 'json')).rejects.toThrow(/truncated/);
  });
});

function csvLine(cells: string[]): string {
  return cells.map((c) => (/[",\n\r]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
}

/** Re-terminate records with CRLF, leaving newlines inside quoted fields untouched. */
function crlf(text: string): string {
  let out = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    out += ch === '\n' && !quoted ? '\r\n' : ch;
  }
  return out;
}
