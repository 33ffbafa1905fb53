/**
 * Plan import benchmark: a 5,000-item plan (the 48 seed rows repeated with new 序號) read and
 * validated from TSV, Big5 CSV, XLSX and ODS, then stored as two versions on in-memory PGlite
 * (the second moves 10 % of the due dates and drops 5 % of the items).
 * Run: `npm run bench -- plan-import`.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { fixedClock } from '../src/clock.js';
import { migrateToLatest, openDatabase } from '../src/db/index.js';
import { silentLogger } from '../src/logger.js';
import {
  DEFAULT_UNIT_AGENCIES,
  agencyResolver,
  buildPlan,
  readPlanFile,
  storePlanVersion,
  type PreparedPlan,
} from '../src/plan/index.js';
import type { BenchResult } from './bench-result.js';

const ITEMS = 5_000;
const seedPath = fileURLToPath(new URL('../examples/plan-104-1.tsv', import.meta.url));

function rows(): string[][] {
  const [header, ...seed] = readFileSync(seedPath, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => l.split('\t'));
  const out = [header!];
  for (let i = 0; i < ITEMS; i++) {
    const r = seed[i % seed.length]!;
    out.push([String(i + 1), `${r[1]!}（${i + 1}）`, r[2]!, r[3]!, r[4]!]);
  }
  return out;
}

async function xlsx(table: string[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('plan');
  for (const r of table) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

function ods(table: string[][]): Uint8Array {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const body = table
    .map(
      (r) =>
        `<table:table-row>${r.map((c) => `<table:table-cell office:value-type="string"><text:p>${esc(c)}</text:p></table:table-cell>`).join('')}</table:table-row>`,
    )
    .join('');
  const content =
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">' +
    `<office:body><office:spreadsheet><table:table table:name="plan">${body}</table:table></office:spreadsheet></office:body></office:document-content>`;
  return zipSync({
    mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }],
    'content.xml': strToU8(content),
  });
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, Math.round(performance.now() - start)];
}

export async function run(): Promise<BenchResult[]> {
  const table = rows();
  const tsv = strToU8(table.map((r) => r.join('\t')).join('\n'));
  const files: [string, Uint8Array][] = [
    ['plan.tsv', tsv],
    ['plan.csv', iconv.encode(table.map((r) => r.join(',')).join('\r\n'), 'cp950')],
    ['plan.xlsx', await xlsx(table)],
    ['plan.ods', ods(table)],
  ];
  const resolveAgency = agencyResolver(DEFAULT_UNIT_AGENCIES);
  const results: BenchResult[] = [];
  for (const [name, bytes] of files) {
    const [built, ms] = await timed(async () =>
      buildPlan(await readPlanFile(name, bytes), { file: name, resolveAgency }),
    );
    if (built.items.length !== ITEMS) throw new Error(`${name}: ${built.items.length} items`);
    results.push({
      name: `read + validate ${ITEMS.toLocaleString('en')} items from ${name.split('.')[1]!.toUpperCase()}`,
      value: ms,
      unit: 'ms',
      target: 3_000,
      detail: { bytes: bytes.length },
    });
  }

  const handle = await openDatabase({ engine: 'pglite' });
  try {
    await migrateToLatest(handle.db);
    const deps = { db: handle.db, logger: silentLogger(), clock: fixedClock('2026-01-01T00:00:00Z') };
    const v1 = buildPlan(await readPlanFile('plan.tsv', tsv), { file: 'plan.tsv', resolveAgency });
    const prepared = (items: typeof v1.items, tag: string): PreparedPlan => ({
      label: 'bench',
      fileName: `${tag}.tsv`,
      checksum: createHash('sha256').update(tag).digest('hex'),
      format: 'tsv',
      encoding: 'utf8',
      items,
      warnings: [],
    });
    const [first, ms1] = await timed(() => storePlanVersion(deps, prepared(v1.items, 'v1')));
    results.push({
      name: `store version 1 (${first.counts.added} added) on PGlite`,
      value: ms1,
      unit: 'ms',
      target: 10_000,
    });
    const v2 = v1.items
      .filter((i) => i.seq % 20 !== 0)
      .map((i) => (i.seq % 10 === 1 ? { ...i, plannedRaw: '106年12月', dueDate: '2017-12-31' } : i));
    const [second, ms2] = await timed(() => storePlanVersion(deps, prepared(v2, 'v2')));
    results.push({
      name: `store version 2 (${second.counts.dueMoved} moved, ${second.counts.removed} removed) on PGlite`,
      value: ms2,
      unit: 'ms',
      target: 10_000,
    });
  } finally {
    await handle.close();
  }
  return results;
}
