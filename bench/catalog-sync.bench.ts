/**
 * Catalogue sync at platform scale. Generates a national export (the real 22 columns and quirks:
 * BOM, quoted newlines, doubled quotes, `;`-joined resources with arity mismatches, ~800 publisher
 * labels) of 53,000 and 200,000 rows, serves it from the fake platform on 127.0.0.1 and measures,
 * in child processes (`odsync sync catalog --full`, ODSYNC_PUBLISHERS=*):
 *   - full sync on PostgreSQL and PGlite: wall time (the job's own run time and the whole process),
 *     peak RSS (VmHWM of the syncing process), rows/s, requests;
 *   - the physical limit: plain HTTP GET of the same export to /dev/null + PostgreSQL COPY of the
 *     same file into a 22-column text table (pg-copy-streams);
 *   - an incremental night with 1% of datasets changed: wall time and requests.
 * Detail calls are off (ODSYNC_DETAIL_LIMIT=0): platform-wide, they are paced at ~2/s over many
 * nights and are not part of the bulk sync. BENCH_CATALOG_SIZES=53000,200000 chooses the sizes;
 * BENCH_PGLITE=0 skips PGlite, BENCH_PGLITE_200K=1 adds it at 200k. BENCH_REPEAT (default 3): runs of
 * the baseline and of the PostgreSQL full sync, compared by their medians (peak RSS: the highest).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { localDate } from '../src/time/index.js';
import { openDatabase } from '../src/db/index.js';
import {
  createFakePlatform,
  csvLine,
  exportCells,
  EXPORT_COLUMNS,
  type FakeDataset,
  type FakePlatform,
} from '../tools/fake-platform/index.js';
import { pad, pick, prng } from '../tools/fake-platform/fixture/prng.js';
import type { BenchResult } from './bench-result.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TMP = join(ROOT, 'bench', 'tmp');
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const MOL = [
  '勞動部',
  '勞動部勞工保險局',
  '勞動部勞動力發展署',
  '勞動部勞動基金運用局',
  '勞動部職業安全衛生署',
  '勞動部勞動及職業安全衛生研究所',
];
const CATEGORIES = [
  '公共資訊',
  '交通及通訊',
  '生活安全及品質',
  '就業及勞動',
  '求職及就業',
  '購屋及遷徙',
  '服兵役',
  '就醫',
  '投資理財',
  '開創事業',
  '退休',
  '教育及學習',
  '休閒旅遊',
  '文化藝術',
  '農業',
  '環境保護',
  '醫療保健',
  '其他',
];
const QUALITY = ['白金', '金', '銀', '銅', '無(品檢未過)', '無(未做品檢)'];
const FREQ = ['不定期更新', '不定期更新', '每1年', '每1月', '每1日', '每7日', '每2月', '每1分'];
const WORDS =
  '臺北市新北市桃園市臺中市臺南市高雄市基隆市新竹市嘉義市統計資料年報月報人口戶數就業薪資工時保險給付申請件數核定金額道路交通事故空氣品質水質監測公共設施圖書館公園停車場補助計畫預算決算採購公告法規命令觀光景點旅宿醫療院所藥局'.split(
    '',
  );

function text(rand: () => number, min: number, max: number): string {
  const n = min + Math.floor(rand() * (max - min));
  let s = '';
  for (let i = 0; i < n; i++) s += WORDS[Math.floor(rand() * WORDS.length)];
  return s;
}

/** Dataset number i of the generated platform (a pure function of i and the size). */
export function makeRow(i: number): FakeDataset {
  const rand = prng(i * 7919 + 17);
  const isMol = i % 62 === 0; // ≈ 860 of 53,000
  const publisher = isMol ? pick(rand, MOL) : `機關${pad(Math.floor(rand() * 800), 3)}`;
  const n = rand() < 0.05 ? 2 + Math.floor(rand() * 8) : rand() < 0.2 ? 2 : 1;
  const formats = Array.from({ length: n }, () =>
    pick(rand, ['CSV', 'JSON', 'XML', 'PDF', 'XLSX', 'ZIP', '壓縮檔']),
  );
  const id = String(100000 + i);
  const urls = formats.map(
    (_f, k) =>
      `https://data.example.gov.tw/api/v1/no-auth/resource/api/dataset/${id}-${k}/resource/${Math.floor(rand() * 1e12).toString(16)}/download`,
  );
  let description = text(rand, 140, 360);
  const r = rand();
  if (r < 0.06) description = `${description}\n${text(rand, 10, 40)}\n\t${text(rand, 10, 30)}`;
  else if (r < 0.09) description = `"${description}"`;
  const year = 2013 + Math.floor(rand() * 13);
  const published = `${year}-${pad(1 + Math.floor(rand() * 12), 2)}-${pad(1 + Math.floor(rand() * 28), 2)} 10:00:00`;
  return {
    id,
    title: `${text(rand, 6, 20)}${rand() < 0.02 ? ' ' : ''}`,
    provisionType: rand() < 0.02 ? 'API服務' : '檔案資料',
    category: pick(rand, CATEGORIES),
    quality: pick(rand, QUALITY),
    formats,
    urls,
    encodings: formats.map(() => (rand() < 0.1 ? 'BIG5' : 'UTF-8')),
    uploadMethod: rand() < 0.65 ? '系統介接程式' : '原始資料',
    description,
    fields:
      Array.from({ length: 2 + Math.floor(rand() * 8) }, () => text(rand, 2, 6)).join(';') +
      (rand() < 0.05 ? ';;' : ''),
    publisher,
    updateFrequency: pick(rand, FREQ),
    license: '政府資料開放授權條款-第1版',
    relatedUrl: rand() < 0.2 ? `https://www.example.gov.tw/${id}` : '',
    cost: '免費',
    contactName: '',
    contactPhone: '',
    publishedAt: published,
    modifiedAt: `${Math.max(year, 2024)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)} 1${Math.floor(rand() * 9)}:00:00${rand() < 0.05 ? '.000000' : ''}`,
    notes: rand() < 0.2 ? `https://data.example.gov.tw/oas/${id}.yaml` : '',
    amounts: rand() < 0.1 ? [] : formats.map(() => String(Math.floor(rand() * 10000))),
    publisherOid: null,
    identifier: null,
    agencyTid: null,
    views: 0,
    downloads: 0,
    comments: [],
    listed: true,
  };
}

/** Write the export CSV (BOM, LF) without holding it in memory. */
async function writeExport(path: string, rows: number): Promise<number> {
  const out = createWriteStream(path);
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  await write('\uFEFF' + csvLine([...EXPORT_COLUMNS]));
  let buf = '';
  for (let i = 0; i < rows; i++) {
    buf += csvLine(exportCells(makeRow(i)));
    if (buf.length > 1 << 20) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  await new Promise<void>((r, j) => out.end((err?: Error | null) => (err ? j(err) : r())));
  return statSync(path).size;
}

async function adminQuery(text: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

async function freshPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `odsync_bench_${randomBytes(4).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.href, drop: () => adminQuery(`drop database if exists ${name} with (force)`) };
}

interface ChildRun {
  code: number;
  wallMs: number;
  peakRssMb: number;
  stdout: string;
  stderr: string;
}

const DIST = join(TMP, 'dist');

/** Compile the CLI as `npm install` does (tsc; emits even if another module has type errors). */
function buildCli(): Promise<void> {
  return new Promise((resolve, reject) => {
    const tsc = spawn(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', DIST],
      {
        cwd: ROOT,
        stdio: 'ignore',
      },
    );
    tsc.on('error', reject);
    tsc.on('close', () =>
      existsSync(join(DIST, 'jobs/cli.js')) ? resolve() : reject(new Error('tsc produced no jobs/cli.js')),
    );
  });
}

/** The node flags of bin/odsync.js's `#!/usr/bin/env -S node …` line (what `odsync` runs with). */
function binNodeFlags(): string[] {
  const shebang = readFileSync(join(ROOT, 'bin/odsync.js'), 'utf8').split('\n', 1)[0]!;
  const words = shebang.split(/\s+/);
  return words.slice(words.indexOf('node') + 1);
}

/**
 * Run the compiled CLI as bin/odsync.js runs it (same node flags) in a child process; peak RSS from
 * /proc/<pid>/status VmHWM (the kernel's high-water mark of the process's resident set).
 */
function runCli(args: string[], env: Record<string, string>): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [...binNodeFlags(), join(DIST, 'jobs/cli.js'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let peakKb = 0;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        // exited
      }
    }, 25);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      resolve({
        code: code ?? -1,
        wallMs: performance.now() - t0,
        peakRssMb: Math.round(peakKb / 1024),
        stdout,
        stderr,
      });
    });
  });
}

interface SyncFigures {
  jobSeconds: number;
  phaseMs: unknown;
  processSeconds: number;
  peakRssMb: number;
  rows: number;
  requests: number;
  summary: string;
}

/** The job's own run time and where it went (`phaseMs` in the run's counters). */
async function jobFigures(target: {
  url?: string;
  dataDir?: string;
}): Promise<{ seconds: number; phaseMs: unknown }> {
  const handle = await openDatabase(
    target.url ? { engine: 'postgres', url: target.url } : { engine: 'pglite', dataDir: target.dataDir! },
  );
  try {
    const r = await handle.db
      .selectFrom('runs')
      .select(['started_at', 'finished_at', 'counters'])
      .where('job', '=', 'sync-catalog')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const counters = r.counters as { phaseMs?: unknown } | null;
    return {
      seconds: (r.finished_at!.getTime() - r.started_at.getTime()) / 1000,
      phaseMs: counters?.phaseMs ?? null,
    };
  } finally {
    await handle.close();
  }
}

async function sync(
  fake: FakePlatform,
  target: { url?: string; dataDir: string },
  full: boolean,
): Promise<SyncFigures> {
  const env: Record<string, string> = {
    DATAGOVTW_BASE_URL: fake.url,
    ODSYNC_DATA_DIR: target.dataDir,
    ODSYNC_PUBLISHERS: '*',
    ODSYNC_DETAIL_LIMIT: '0',
    ODSYNC_FULL_SYNC_WEEKDAY: '-1',
    ODSYNC_HTTP_TIMEOUT_MS: '600000',
    // Request pacing (default 2/s) is politeness toward data.gov.tw, not work: against the local
    // server it would only add sleeps between the few requests of a run.
    ODSYNC_HTTP_RATE: '100',
    ...(target.url ? { DATABASE_URL: target.url } : {}),
  };
  const r = await runCli(['sync', 'catalog', ...(full ? ['--full'] : [])], env);
  if (r.code !== 0) throw new Error(`sync exited ${r.code}: ${r.stdout}\n${r.stderr}`);
  const m = /(\d+) (?:export|changed-export) rows read.* (\d+) requests/.exec(r.stdout);
  const job = await jobFigures(target.url ? { url: target.url } : { dataDir: target.dataDir });
  return {
    jobSeconds: job.seconds,
    phaseMs: job.phaseMs,
    processSeconds: r.wallMs / 1000,
    peakRssMb: r.peakRssMb,
    rows: Number(m?.[1] ?? 0),
    requests: Number(m?.[2] ?? 0),
    summary: r.stdout.trim(),
  };
}

async function baseline(
  fake: FakePlatform,
  file: string,
): Promise<{ downloadSeconds: number; copySeconds: number }> {
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    get(`${fake.url}/api/front/dataset/export?format=csv`, (res) => {
      pipeline(res, createWriteStream('/dev/null')).then(resolve, reject);
    }).on('error', reject);
  });
  const downloadSeconds = (performance.now() - t0) / 1000;
  const db = await freshPgDatabase();
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    await c.query(`create table bench_copy (${EXPORT_COLUMNS.map((_c, i) => `c${i} text`).join(', ')})`);
    const t1 = performance.now();
    await pipeline(
      createReadStream(file),
      c.query(copyFrom('copy bench_copy from stdin with (format csv, header true)')),
    );
    const copySeconds = (performance.now() - t1) / 1000;
    return { downloadSeconds, copySeconds };
  } finally {
    await c.end();
    await db.drop();
  }
}

const r2 = (n: number) => Math.round(n * 100) / 100;
/** Repetitions of the baseline and of the first full sync on PostgreSQL (BENCH_REPEAT, default 3). */
const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 3));

/** The middle value (the upper one of an even count: an actual run). */
function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function run(): Promise<BenchResult[]> {
  const sizes = (process.env.BENCH_CATALOG_SIZES ?? '53000,200000').split(',').map(Number);
  const results: BenchResult[] = [];
  await buildCli();
  const fake = await createFakePlatform({ datasets: [] });
  try {
    const figures: Record<number, { pg: SyncFigures; pglite?: SyncFigures }> = {};
    for (const size of sizes) {
      const file = join(TMP, `export-${size}.csv`);
      const bytes = await writeExport(file, size);
      fake.setExportFile(file, size);
      // This machine's timings vary by ±20% from run to run: the baseline and the first full sync
      // are each measured REPEAT times (a fresh database each) and compared by their medians.
      const bases: Array<{ downloadSeconds: number; copySeconds: number }> = [];
      for (let i = 0; i < REPEAT; i++) bases.push(await baseline(fake, file));
      const baseRuns = bases.map((b) => b.downloadSeconds + b.copySeconds);
      const baseSeconds = median(baseRuns);
      const base = bases[baseRuns.indexOf(baseSeconds)]!;
      results.push({
        name: `baseline ${size} rows (${(bytes / 1e6).toFixed(1)} MB): HTTP GET to /dev/null + PostgreSQL COPY, median of ${REPEAT}`,
        value: r2(baseSeconds),
        unit: 's',
        detail: {
          downloadSeconds: r2(base.downloadSeconds),
          copySeconds: r2(base.copySeconds),
          runs: baseRuns.map(r2),
        },
      });

      const fulls: SyncFigures[] = [];
      let db = await freshPgDatabase();
      const dataDir = mkdtempSync(join(tmpdir(), 'odsync-bench-'));
      try {
        for (let i = 0; i < REPEAT; i++) {
          if (i > 0) {
            await db.drop();
            db = await freshPgDatabase();
          }
          fulls.push(await sync(fake, { url: db.url, dataDir }, true));
        }
        const jobRuns = fulls.map((f) => f.jobSeconds);
        const full = fulls[jobRuns.indexOf(median(jobRuns))]!;
        results.push({
          name: `full sync ${size} rows, PostgreSQL: time ÷ baseline (medians of ${REPEAT})`,
          value: r2(full.jobSeconds / baseSeconds),
          unit: '×',
          target: size <= 60_000 ? 2 : undefined,
          detail: {
            jobSeconds: r2(full.jobSeconds),
            runs: jobRuns.map(r2),
            processSeconds: r2(full.processSeconds),
            rowsPerSecond: Math.round(full.rows / full.jobSeconds),
            requests: full.requests,
            baselineSeconds: r2(baseSeconds),
            phaseMs: full.phaseMs,
          },
        });
        const peak = Math.max(...fulls.map((f) => f.peakRssMb));
        results.push({
          name: `full sync ${size} rows, PostgreSQL: peak RSS of the syncing process (highest of ${REPEAT})`,
          value: peak,
          unit: 'MB',
          target: size <= 60_000 ? 200 : undefined,
          detail: { runs: fulls.map((f) => f.peakRssMb) },
        });
        figures[size] = { pg: { ...full, peakRssMb: peak } };

        if (size <= 60_000) {
          // An incremental night: 1% of the datasets changed since the full pass.
          const today = localDate(new Date(), 'Asia/Taipei');
          fake.state.today = today;
          const changed = Math.round(size / 100);
          for (let k = 0; k < changed; k++) {
            const d = makeRow(k * 100 + 7);
            fake.state.datasets.set(d.id, d);
            fake.state.update(d.id, { title: `${d.title}(修訂)`, modifiedAt: `${today} 09:00:00` }, today);
          }
          const inc = await sync(fake, { url: db.url, dataDir }, false);
          results.push({
            name: `incremental night, ${changed} of ${size} datasets changed, PostgreSQL: time ÷ full sync`,
            value: r2(inc.jobSeconds / full.jobSeconds),
            unit: '×',
            target: 0.1,
            detail: {
              jobSeconds: r2(inc.jobSeconds),
              requests: inc.requests,
              phaseMs: inc.phaseMs,
              summary: inc.summary,
            },
          });
          fake.state.changes.clear();
          fake.state.datasets.clear();
          // The weekly full pass of a settled catalogue: the same export again (the 1% changed
          // above reverts): hashing skips the unchanged rows.
          const again = await sync(fake, { url: db.url, dataDir }, true);
          results.push({
            name: `full pass over a settled catalogue (${changed} of ${size} changed), PostgreSQL: time ÷ baseline`,
            value: r2(again.jobSeconds / baseSeconds),
            unit: '×',
            target: 2,
            detail: {
              jobSeconds: r2(again.jobSeconds),
              peakRssMb: again.peakRssMb,
              requests: again.requests,
              phaseMs: again.phaseMs,
              summary: again.summary,
            },
          });
        }
      } finally {
        await db.drop();
        rmSync(dataDir, { recursive: true, force: true });
      }

      const pglite =
        process.env.BENCH_PGLITE !== '0' && (size <= 60_000 || process.env.BENCH_PGLITE_200K === '1');
      if (pglite) {
        const dataDir2 = mkdtempSync(join(tmpdir(), 'odsync-bench-'));
        try {
          const lite = await sync(fake, { dataDir: dataDir2 }, true);
          figures[size].pglite = lite;
          results.push({
            name: `full sync ${size} rows, PGlite: time ÷ baseline`,
            value: r2(lite.jobSeconds / baseSeconds),
            unit: '×',
            detail: {
              jobSeconds: r2(lite.jobSeconds),
              processSeconds: r2(lite.processSeconds),
              rowsPerSecond: Math.round(lite.rows / lite.jobSeconds),
              peakRssMb: lite.peakRssMb,
              requests: lite.requests,
              phaseMs: lite.phaseMs,
            },
          });
        } finally {
          rmSync(dataDir2, { recursive: true, force: true });
        }
      }
      rmSync(file, { force: true });
    }
    const small = figures[sizes[0]!];
    const large = figures[sizes[sizes.length - 1]!];
    if (small && large && sizes.length > 1) {
      const rowsRatio = sizes[sizes.length - 1]! / sizes[0]!;
      results.push({
        name: `peak RSS growth ${sizes[0]} → ${sizes[sizes.length - 1]} rows (PostgreSQL), vs ${rowsRatio.toFixed(1)}× rows`,
        value: r2(large.pg.peakRssMb / small.pg.peakRssMb),
        unit: '×',
        target: r2(rowsRatio / 2),
        detail: {
          peakRssMb: { [sizes[0]!]: small.pg.peakRssMb, [sizes[sizes.length - 1]!]: large.pg.peakRssMb },
        },
      });
    }
  } finally {
    await fake.close();
  }
  return results;
}
