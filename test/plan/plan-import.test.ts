import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { openDatabase, type DbHandle } from '../../src/db/index.js';
import { createLogger, silentLogger } from '../../src/logger.js';
import {
  ensureDefaultPlan,
  listPlan,
  planHistory,
  preparePlanFile,
  storePlanVersion,
  type PlanStoreDeps,
} from '../../src/plan/index.js';
import { runCli } from '../helpers/cli.js';
import { describeEngines, type EngineContext } from '../helpers/engines.js';
import { contentXml, textRow, zipOds } from '../helpers/ods.js';

const SEED = new URL('../../examples/mol-open-data-meeting-104-1.txt', import.meta.url).pathname;
const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;
const HEADER = '序號\t資料集名稱\t資料集概述\t預計開放年月\t管理單位';
const tempDir = () => mkdtempSync(join(tmpdir(), 'odsync-plan-'));

function deps(handle: DbHandle, at = '2026-01-05T01:00:00Z'): PlanStoreDeps {
  return { db: handle.db, logger: silentLogger(), clock: fixedClock(at) };
}

/** Write the seed TSV with edits applied (by 序號) to a temp file. */
function editedSeed(edit: (cells: string[]) => string[] | null, name = 'plan-104-1-v2.tsv'): string {
  const [header, ...rows] = readFileSync(`${EXAMPLES}plan-104-1.tsv`, 'utf8').trimEnd().split('\n');
  const out = [
    header!,
    ...rows
      .map((r) => edit(r.split('\t')))
      .filter((r) => r !== null)
      .map((r) => r.join('\t')),
  ];
  const path = join(tempDir(), name);
  writeFileSync(path, out.join('\n') + '\n');
  return path;
}

async function counts(handle: DbHandle) {
  const n = async (table: 'plan_versions' | 'plan_items' | 'plan_changes' | 'runs') =>
    Number(
      (
        await handle.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    versions: await n('plan_versions'),
    items: await n('plan_items'),
    changes: await n('plan_changes'),
    runs: await n('runs'),
  };
}

describeEngines('plan import', (ctx) => {
  it('imports the 48 seed items with agencies and due dates; the same file again is a no-op', async () => {
    const d = deps(ctx.db.handle);
    const plan = await preparePlanFile(`${EXAMPLES}plan-104-1.tsv`, { label: '104-1' });
    const first = await storePlanVersion(d, plan);
    expect(first).toMatchObject({ status: 'imported', itemCount: 48, previousVersionId: null });
    expect(first.counts).toEqual({
      added: 48,
      removed: 0,
      renamed: 0,
      dueMoved: 0,
      descriptionChanged: 0,
      unitChanged: 0,
    });
    const listing = await listPlan(ctx.db.handle.db);
    expect(listing.versions).toHaveLength(1);
    expect(listing.versions[0]).toMatchObject({
      label: '104-1',
      file_name: 'plan-104-1.tsv',
      format: 'tsv',
      encoding: 'utf8',
      item_count: 48,
      imported_at: new Date('2026-01-05T01:00:00Z'),
    });
    expect(listing.versions[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(listing.items).toHaveLength(48);
    expect(listing.items.find((i) => i.seq === 1)).toMatchObject({
      plan_key: '104-1#1',
      title: '裁決決定',
      unit: '勞動關係司',
      agency: '勞動部',
      planned_raw: '104年8月',
      due_date: '2015-08-31',
      due_precision: 'month',
      removed_at: null,
      version_id: first.versionId,
    });
    expect(listing.items.find((i) => i.seq === 37)).toMatchObject({
      due_date: '2016-12-31',
      due_precision: 'year',
    });

    const before = await counts(ctx.db.handle);
    const again = await storePlanVersion(deps(ctx.db.handle, '2026-01-06T01:00:00Z'), plan);
    expect(again).toMatchObject({ status: 'unchanged', versionId: first.versionId });
    expect(await counts(ctx.db.handle)).toEqual(before);
  });

  it('every format stores identical items', async () => {
    const d = deps(ctx.db.handle);
    const files: [string, string][] = [
      ['tsv', `${EXAMPLES}plan-104-1.tsv`],
      ['xlsx', `${EXAMPLES}plan-104-1.xlsx`],
      ['ods', `${EXAMPLES}plan-104-1.ods`],
      ['minutes', SEED],
      ['big5', `${EXAMPLES}plan-104-1-big5.csv`],
    ];
    for (const [label, path] of files) await storePlanVersion(d, await preparePlanFile(path, { label }));
    const { items, versions } = await listPlan(ctx.db.handle.db);
    expect(versions.map((v) => [v.label, v.format, v.encoding])).toEqual([
      ['tsv', 'tsv', 'utf8'],
      ['xlsx', 'xlsx', null],
      ['ods', 'ods', null],
      ['minutes', 'minutes', 'utf8'],
      ['big5', 'csv', 'big5'],
    ]);
    const strip = (label: string) =>
      items
        .filter((i) => i.label === label)
        .map(
          ({ plan_key: _k, label: _l, source_row: _r, version_id: _v, first_version_id: _f, ...rest }) =>
            rest,
        );
    expect(strip('tsv')).toHaveLength(48);
    for (const [label] of files.slice(1)) expect(strip(label)).toEqual(strip('tsv'));
  });

  it('a second version records moved, removed, renamed, re-described and re-assigned items', async () => {
    await storePlanVersion(
      deps(ctx.db.handle),
      await preparePlanFile(`${EXAMPLES}plan-104-1.tsv`, { label: '104-1' }),
    );
    const v2 = editedSeed((c) => {
      if (c[0] === '48') return null;
      if (c[0] === '1') return [c[0], c[1]!, c[2]!, '105年1月', c[4]!];
      if (c[0] === '2') return [c[0], '工會基本資料', c[2]!, c[3]!, c[4]!];
      if (c[0] === '3') return [c[0], c[1]!, '新的概述', c[3]!, c[4]!];
      if (c[0] === '4') return [c[0], c[1]!, c[2]!, '105/1', '勞動法務司']; // same due date, other unit
      if (c[0] === '5') return [c[0], ` ${c[1]!}  `, c[2]!, c[3]!, c[4]!]; // whitespace only: no change
      return c;
    });
    const result = await storePlanVersion(
      deps(ctx.db.handle, '2026-04-01T01:00:00Z'),
      await preparePlanFile(v2, { label: '104-1' }),
    );
    expect(result.status).toBe('imported');
    expect(result.itemCount).toBe(47);
    expect(result.counts).toEqual({
      added: 0,
      removed: 1,
      renamed: 1,
      dueMoved: 1,
      descriptionChanged: 1,
      unitChanged: 1,
    });
    const stored = await ctx.db.handle.db
      .selectFrom('plan_changes')
      .select(['plan_key', 'kind', 'old_value', 'new_value'])
      .where('version_id', '=', result.versionId)
      .orderBy('id')
      .execute();
    expect(stored).toEqual([
      { plan_key: '104-1#1', kind: 'due_moved', old_value: '104年8月', new_value: '105年1月' },
      { plan_key: '104-1#2', kind: 'renamed', old_value: '工會基本資料檔', new_value: '工會基本資料' },
      {
        plan_key: '104-1#3',
        kind: 'description_changed',
        old_value: '事業單位名稱、負責人、通訊地址、會議日期、行業別名稱等',
        new_value: '新的概述',
      },
      { plan_key: '104-1#4', kind: 'unit_changed', old_value: '勞動關係司', new_value: '勞動法務司' },
      { plan_key: '104-1#48', kind: 'removed', old_value: '檢查申請統計數據', new_value: null },
    ]);
    const { items } = await listPlan(ctx.db.handle.db, { label: '104-1' });
    expect(items).toHaveLength(48);
    const removed = items.find((i) => i.seq === 48);
    expect(removed?.removed_at).toEqual(new Date('2026-04-01T01:00:00Z'));
    expect(removed?.version_id).toBe(result.versionId);
    expect(items.find((i) => i.seq === 1)).toMatchObject({ planned_raw: '105年1月', due_date: '2016-01-31' });
    expect(items.find((i) => i.seq === 4)).toMatchObject({ planned_raw: '105/1', unit: '勞動法務司' });

    const history = await planHistory(ctx.db.handle.db, '104-1#1');
    expect(history.changes.map((c) => [c.kind, c.old_value, c.new_value])).toEqual([
      ['added', null, '裁決決定'],
      ['due_moved', '104年8月', '105年1月'],
    ]);
    const cli = await planHistoryText(ctx, '1');
    expect(cli).toMatch(/預計開放由 104年8月 改為 105年1月（延後）/);

    // v3 brings item 48 back: added again, no longer removed.
    const v3 = await storePlanVersion(
      deps(ctx.db.handle, '2026-07-01T01:00:00Z'),
      await preparePlanFile(`${EXAMPLES}plan-104-1.tsv`, { label: '104-1' }),
    );
    expect(v3.status).toBe('imported');
    expect(v3.counts.added).toBe(1);
    expect(v3.counts.dueMoved).toBe(1);
    const back = (await listPlan(ctx.db.handle.db)).items.find((i) => i.seq === 48);
    expect(back?.removed_at).toBeNull();
    expect(back?.first_version_id).toBe(1);
  });

  it('stores formulas as their text, flagged, never evaluated', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('plan');
    ws.addRow(HEADER.split('\t'));
    ws.addRow([
      1,
      { formula: 'HYPERLINK("https://data.gov.tw","x")', result: 'x' },
      { formula: '1+1', result: 2 },
      '105',
      '統計處',
    ]);
    const dir = tempDir();
    await wb.xlsx.writeFile(join(dir, 'f.xlsx'));
    writeFileSync(
      join(dir, 'f.ods'),
      zipOds(
        contentXml(
          textRow(HEADER.split('\t')) +
            '<table:table-row><table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>' +
            '<table:table-cell table:formula="of:=1+1" office:value-type="float" office:value="2"><text:p>2</text:p></table:table-cell>' +
            '<table:table-cell table:number-columns-repeated="1"/><table:table-cell><text:p>105</text:p></table:table-cell>' +
            '<table:table-cell><text:p>統計處</text:p></table:table-cell></table:table-row>',
        ),
      ),
    );
    writeFileSync(
      join(dir, 'f.csv'),
      `${HEADER.replace(/\t/g, ',')}\n1,"=HYPERLINK(""https://x"",""y"")",=1+1,105,統計處\n`,
    );
    for (const f of ['f.xlsx', 'f.ods', 'f.csv']) {
      await storePlanVersion(deps(ctx.db.handle), await preparePlanFile(join(dir, f), { label: f }));
    }
    const rows = await ctx.db.handle.db
      .selectFrom('plan_items')
      .select(['label', 'title', 'description', 'formula_fields'])
      .orderBy('label')
      .execute();
    expect(rows).toEqual([
      {
        label: 'f.csv',
        title: '=HYPERLINK("https://x","y")',
        description: '=1+1',
        formula_fields: ['title', 'description'],
      },
      { label: 'f.ods', title: '=1+1', description: '', formula_fields: ['title'] },
      {
        label: 'f.xlsx',
        title: '=HYPERLINK("https://data.gov.tw","x")',
        description: '=1+1',
        formula_fields: ['title', 'description'],
      },
    ]);
    const version = await ctx.db.handle.db
      .selectFrom('plan_versions')
      .select('warnings')
      .where('label', '=', 'f.xlsx')
      .executeTakeFirstOrThrow();
    expect(version.warnings).toHaveLength(2);
  });

  it('ensureDefaultPlan imports the bundled plan once, only when no plan exists, and logs it', async () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      pretty: false,
      destination: { write: (s: string) => lines.push(s) },
    });
    const d = { ...deps(ctx.db.handle), logger };
    const first = await ensureDefaultPlan(d);
    expect(first).toMatchObject({ status: 'imported', label: '104-1', itemCount: 48 });
    expect(lines.join('')).toMatch(/已自動匯入內附範例計畫 plan-104-1\.tsv/);
    expect(await ensureDefaultPlan(d)).toBeNull();
    expect((await counts(ctx.db.handle)).versions).toBe(1);
  });

  it.runIf(ctx.engine === 'postgres')(
    'concurrent imports of one label are serialised: the later one diffs against the earlier',
    async () => {
      const other = await ctx.db.openAnother();
      const a = await preparePlanFile(`${EXAMPLES}plan-104-1.tsv`, { label: '104-1' });
      const b = await preparePlanFile(
        editedSeed((c) => (c[0] === '1' ? [c[0], c[1]!, c[2]!, '105年1月', c[4]!] : c)),
        { label: '104-1' },
      );
      const results = await Promise.all([
        storePlanVersion(deps(ctx.db.handle), a),
        storePlanVersion(deps(other), b),
      ]);
      const [first, second] = [...results].sort((x, y) => x.versionId! - y.versionId!);
      expect(first).toMatchObject({ status: 'imported', previousVersionId: null });
      expect(first!.counts.added).toBe(48);
      expect(second).toMatchObject({ status: 'imported', previousVersionId: first!.versionId });
      expect(second!.counts).toMatchObject({ added: 0, dueMoved: 1 });
      expect((await counts(ctx.db.handle)).changes).toBe(49);
    },
  );

  it('ensureDefaultPlan does nothing when another plan was imported', async () => {
    await storePlanVersion(deps(ctx.db.handle), await preparePlanFile(SEED, { label: '104-1-minutes' }));
    expect(await ensureDefaultPlan(deps(ctx.db.handle))).toBeNull();
    expect((await listPlan(ctx.db.handle.db)).versions.map((v) => v.label)).toEqual(['104-1-minutes']);
  });
});

/** CLI environment for the current engine: the test database (PostgreSQL) or a data directory (PGlite). */
function cliTarget(ctx: EngineContext) {
  if (ctx.engine === 'postgres') {
    return {
      env: { DATABASE_URL: ctx.db.url! },
      withHandle: async <T>(fn: (h: DbHandle) => Promise<T>) => fn(ctx.db.handle),
    };
  }
  const dir = tempDir();
  return {
    env: { ODSYNC_DATA_DIR: dir },
    withHandle: async <T>(fn: (h: DbHandle) => Promise<T>) => {
      const h = await openDatabase({ engine: 'pglite', dataDir: dir });
      try {
        return await fn(h);
      } finally {
        await h.close();
      }
    },
  };
}

async function planHistoryText(ctx: EngineContext, key: string): Promise<string> {
  // History through the CLI needs a database the CLI can open: replay the two imports there.
  const target = cliTarget(ctx);
  if (ctx.engine === 'postgres') return (await runCli(['plan', 'history', key], { env: target.env })).stdout;
  await runCli(['plan', 'import', `${EXAMPLES}plan-104-1.tsv`, '--label', '104-1'], { env: target.env });
  const v2 = editedSeed((c) => (c[0] === '1' ? [c[0], c[1]!, c[2]!, '105年1月', c[4]!] : c));
  await runCli(['plan', 'import', v2, '--label', '104-1'], { env: target.env });
  return (await runCli(['plan', 'history', key], { env: target.env })).stdout;
}

describeEngines('odsync plan (CLI)', (ctx) => {
  it('imports the Big5 CSV, lists it, and reports a re-import as unchanged', async () => {
    const t = cliTarget(ctx);
    const r = await runCli(['plan', 'import', `${EXAMPLES}plan-104-1-big5.csv`, '--label', '104-1'], {
      env: t.env,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/已匯入 48 項，新增 48、移除 0、改期 0/);
    const again = await runCli(
      ['plan', 'import', `${EXAMPLES}plan-104-1-big5.csv`, '--label', '104-1', '--encoding', 'big5'],
      {
        env: t.env,
      },
    );
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/相同，未做任何變更/);
    const list = await runCli(['plan', 'list', '--json'], { env: t.env });
    const json = JSON.parse(list.stdout) as {
      versions: unknown[];
      items: { title: string; encoding?: string }[];
    };
    expect(json.versions).toHaveLength(1);
    expect(json.items.map((i) => i.title)).toContain('勞工健康管理三級以上人員統計數據');
    const runs = await t.withHandle((h) => h.db.selectFrom('runs').select(['job', 'status']).execute());
    expect(runs).toEqual([
      { job: 'plan-import', status: 'succeeded' },
      { job: 'plan-import', status: 'succeeded' },
    ]);
  });

  it('rejects each bad input with exit 2, row and column, and leaves the database unchanged', async () => {
    const t = cliTarget(ctx);
    expect(
      (await runCli(['plan', 'import', `${EXAMPLES}plan-104-1.tsv`, '--label', '104-1'], { env: t.env }))
        .code,
    ).toBe(0);
    const before = await t.withHandle(counts);
    expect(before).toMatchObject({ versions: 1, items: 48, changes: 48 });

    const dir = tempDir();
    const bad: [string, string, RegExp[]][] = [
      [
        'duplicate.tsv',
        `${HEADER}\n1\t甲\t\t104年8月\t統計處\n2\t乙\t\t105\t統計處\n1\t丙\t\t105\t統計處\n`,
        [/duplicate\.tsv 第 4 列「序號」欄：序號 1 重複（第 2 列已使用）/],
      ],
      [
        'missing.tsv',
        '序號\t資料集名稱\t管理單位\n1\t甲\t統計處\n',
        [/missing\.tsv 第 1 列「預計開放年月」欄：缺少必要欄位「預計開放年月」/],
      ],
      ['empty.tsv', '', [/empty\.tsv：檔案是空的/]],
      [
        'date.tsv',
        `${HEADER}\n1\t甲\t\t104年8月\t統計處\n2\t乙\t\t105年13月\t統計處\n3\t丙\t\t不久\t統計處\n`,
        [
          /date\.tsv 第 3 列「預計開放年月」欄：月份「13」/,
          /date\.tsv 第 4 列「預計開放年月」欄：無法解析的日期「不久」/,
        ],
      ],
    ];
    for (const [name, content, patterns] of bad) {
      writeFileSync(join(dir, name), content);
      const r = await runCli(['plan', 'import', join(dir, name), '--label', '104-1'], { env: t.env });
      expect(r.code, name).toBe(2);
      expect(r.stderr).toMatch(/匯入失敗，共 \d+ 個問題，未匯入任何資料/);
      for (const p of patterns) expect(r.stderr).toMatch(p);
      expect(r.stdout).toBe('');
    }
    expect(await t.withHandle(counts)).toEqual(before);
  });

  it('maps units through ODSYNC_PLAN_UNITS and warns about unknown units', async () => {
    const t = cliTarget(ctx);
    const dir = tempDir();
    writeFileSync(join(dir, 'units.json'), JSON.stringify({ 民政處: '臺北市政府民政局' }));
    writeFileSync(
      join(dir, 'p.tsv'),
      `${HEADER}\n1\t甲\t\t105\t民政處\n2\t乙\u001b[31m紅\t\t105\t不明單位\n`,
    );
    const r = await runCli(['plan', 'import', join(dir, 'p.tsv')], {
      env: { ...t.env, ODSYNC_PLAN_UNITS: join(dir, 'units.json') },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/警告：第 3 列「管理單位」欄：管理單位「不明單位」不在單位對照表中，機關未知/);
    const items = await t.withHandle((h) =>
      h.db.selectFrom('plan_items').select(['plan_key', 'agency']).orderBy('seq').execute(),
    );
    expect(items).toEqual([
      { plan_key: 'p#1', agency: '臺北市政府民政局' },
      { plan_key: 'p#2', agency: null },
    ]);
    // Terminal output never carries raw control characters from the file (ANSI escapes shown escaped).
    for (const out of [r.stdout, (await runCli(['plan', 'list'], { env: t.env })).stdout]) {
      expect(out).not.toContain('\u001b');
    }
    const list = await runCli(['plan', 'list'], { env: t.env });
    expect(list.stdout).toContain('乙\\u001b[31m紅');
    expect(list.stdout).toMatch(/p#2 +105 \(2016-12-31\) {2}不明單位 → （機關未知）/);
    writeFileSync(join(dir, 'bad.json'), '{"民政處": 3}');
    const bad = await runCli(['plan', 'list'], {
      env: { ...t.env, ODSYNC_PLAN_UNITS: join(dir, 'bad.json') },
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/ODSYNC_PLAN_UNITS: .*bad\.json: 民政處/);
  });

  it('usage errors (unknown encoding/format, missing file) exit 2', async () => {
    const t = cliTarget(ctx);
    expect((await runCli(['plan', 'import', 'x.tsv', '--encoding', 'latin1'], { env: t.env })).code).toBe(2);
    expect((await runCli(['plan', 'import', 'x.tsv', '--format', 'pdf'], { env: t.env })).code).toBe(2);
    const missing = await runCli(['plan', 'import', '/nonexistent/plan.tsv'], { env: t.env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/無法讀取檔案 \/nonexistent\/plan\.tsv：ENOENT/);
  });
});

describe('plan key', () => {
  it('is label#seq', async () => {
    const { planKey } = await import('../../src/plan/index.js');
    expect(planKey('104-1', 5)).toBe('104-1#5');
  });
});
