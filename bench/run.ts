/**
 * `npm run bench`: runs every benchmark module below and prints its figures; exits 1 when a figure
 * misses its target. Add a module: export `run(): Promise<BenchResult[]>` and list it in BENCHES.
 */
import type { BenchResult } from './bench-result.js';

export type { BenchResult } from './bench-result.js';

const BENCHES: Record<string, () => Promise<{ run: () => Promise<BenchResult[]> }>> = {
  reconcile: () => import('./reconcile.bench.js'),
  'plan-import': () => import('./plan-import.bench.js'),
  report: () => import('./report.bench.js'),
};

const only = process.argv.slice(2);
let failed = false;
for (const [name, load] of Object.entries(BENCHES)) {
  if (only.length > 0 && !only.includes(name)) continue;
  const results = await (await load()).run();
  for (const r of results) {
    const miss = r.target !== undefined && r.value > r.target;
    failed ||= miss;
    const target = r.target === undefined ? '' : ` (target < ${r.target} ${r.unit}${miss ? ': MISSED' : ''})`;
    process.stdout.write(`${name}: ${r.name}: ${r.value} ${r.unit}${target}\n`);
    if (r.detail) process.stdout.write(`  ${JSON.stringify(r.detail)}\n`);
  }
}
process.exitCode = failed ? 1 : 0;
