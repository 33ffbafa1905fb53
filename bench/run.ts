/**
 * `npm run bench`: runs every benchmark module below and prints its figures; exits 1 when a figure
 * misses its target. Add a module: export `run(): Promise<BenchResult[]>` and list it in BENCHES.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './bench-result.js';

export type { BenchResult } from './bench-result.js';

const BENCHES: Record<string, () => Promise<{ run: () => Promise<BenchResult[]> }>> = {
  reconcile: () => import('./reconcile.bench.js'),
  'plan-import': () => import('./plan-import.bench.js'),
  report: () => import('./report.bench.js'),
  'catalog-sync': () => import('./catalog-sync.bench.js'),
};

const only = process.argv.slice(2);
let failed = false;
const all: Array<BenchResult & { bench: string; met: boolean | null }> = [];
const startedAt = new Date();
for (const [name, load] of Object.entries(BENCHES)) {
  if (only.length > 0 && !only.includes(name)) continue;
  const results = await (await load()).run();
  for (const r of results)
    all.push({ bench: name, ...r, met: r.target === undefined ? null : r.value <= r.target });
  for (const r of results) {
    const miss = r.target !== undefined && r.value > r.target;
    failed ||= miss;
    const target = r.target === undefined ? '' : ` (target < ${r.target} ${r.unit}${miss ? ': MISSED' : ''})`;
    process.stdout.write(`${name}: ${r.name}: ${r.value} ${r.unit}${target}\n`);
    if (r.detail) process.stdout.write(`  ${JSON.stringify(r.detail)}\n`);
  }
}

// Machine-readable figures: machine, Node version, every figure with its target and whether it was met.
const resultsFile = fileURLToPath(new URL('./results.json', import.meta.url));
const previous = existsSync(resultsFile)
  ? ((JSON.parse(readFileSync(resultsFile, 'utf8')) as { results?: typeof all }).results ?? [])
  : [];
const ran = new Set(all.map((r) => r.bench));
writeFileSync(
  resultsFile,
  JSON.stringify(
    {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? null,
        totalMemoryMb: Math.round(totalmem() / 1048576),
        platform: `${platform()} ${release()} ${arch()}`,
        loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
      },
      node: process.version,
      // Benchmarks not run this time keep their last figures.
      results: [...previous.filter((r) => !ran.has(r.bench)), ...all],
    },
    null,
    2,
  ) + '\n',
);
process.stdout.write(`figures written to ${resultsFile}\n`);
process.exitCode = failed ? 1 : 0;
