/**
 * The quarterly stage of `odsync nightly`: written on the first night after a quarter ends
 * (ODSYNC_QUARTERLY_NIGHTLY=first), also on later nights until one succeeded (catch_up), never (off).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runNightly } from '../../jobs/nightly.js';
import { quarterlyDue, quarterlyStage } from '../../jobs/nightly-stages.js';
import { describeEngines } from '../helpers/engines.js';
import { importSeedPlan, testRuntime } from '../reconcile-store/db-helpers.js';

const io = { stdout: () => undefined, stderr: () => undefined };

describeEngines('the quarterly nightly stage', (ctx) => {
  let out: string;
  beforeEach(async () => {
    out = mkdtempSync(join(tmpdir(), 'odsync-quarterly-nightly-'));
    await importSeedPlan(ctx.db.handle.db, '2026-06-01T00:00:00Z');
  });
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  const night = (at: string, env: Record<string, string> = {}) =>
    runNightly(testRuntime(ctx.db.handle, at, env), io, { stages: [quarterlyStage], out, progress: false });

  it('first (default): only the night whose as-of day begins the next quarter writes it', async () => {
    const rt = testRuntime(ctx.db.handle, '2026-10-01T18:00:00Z');
    expect(await quarterlyDue(rt, '2026-10-01')).toMatchObject({ quarter: '2026Q3', due: true });
    expect(await quarterlyDue(rt, '2026-10-02')).toMatchObject({ quarter: '2026Q3', due: false });

    const quiet = await night('2026-09-29T18:30:00Z'); // as of 2026-09-30 in Taipei
    expect(quiet.stages[0]).toMatchObject({ name: 'quarterly', status: 'succeeded', runId: null });
    expect(existsSync(join(out, 'quarterly'))).toBe(false);

    const first = await night('2026-09-30T18:30:00Z'); // as of 2026-10-01
    expect(first.status).toBe('succeeded');
    expect(first.stages[0]).toMatchObject({ name: 'quarterly', status: 'succeeded' });
    expect(first.stages[0]!.runId).not.toBeNull();
    expect(existsSync(join(out, 'quarterly', 'quarterly-2026Q3.json'))).toBe(true);
    expect(existsSync(join(out, 'quarterly', 'quarterly-2026Q3.docx'))).toBe(true);
  });

  it('catch_up: a later night writes a quarter no run has written yet, once; off: never', async () => {
    const env = { ODSYNC_QUARTERLY_NIGHTLY: 'catch_up' };
    const rt = testRuntime(ctx.db.handle, '2026-10-05T00:00:00Z', env);
    expect(await quarterlyDue(rt, '2026-10-04')).toMatchObject({ quarter: '2026Q3', due: true });
    const late = await night('2026-10-03T18:30:00Z', env); // as of 2026-10-04
    expect(late.stages[0]!.runId).not.toBeNull();
    expect(existsSync(join(out, 'quarterly', 'quarterly-2026Q3.html'))).toBe(true);
    expect(await quarterlyDue(rt, '2026-10-05')).toMatchObject({ due: false });

    const off = testRuntime(ctx.db.handle, '2027-01-01T00:00:00Z', { ODSYNC_QUARTERLY_NIGHTLY: 'off' });
    expect(await quarterlyDue(off, '2027-01-01')).toMatchObject({ quarter: '2026Q4', due: false });
  });
});
