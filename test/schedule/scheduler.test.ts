import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { startScheduler, type RunningScheduler, type TriggerReason } from '../../jobs/schedule.js';

// 2026-11-27 18:00 in Asia/Taipei. The next 02:30 Taipei is 2026-11-27T18:30:00Z.
const START = new Date('2026-11-27T10:00:00Z');
const NEXT_DUE = new Date('2026-11-27T18:30:00Z');
const DAY = 24 * 3_600_000;
// Today's 02:30 Taipei run started on time: nothing to catch up.
const TODAYS_RUN = new Date('2026-11-26T18:30:01Z');

function deferred() {
  let resolve!: (code: number) => void;
  const promise = new Promise<number>((r) => (resolve = r));
  return { promise, resolve };
}

interface Call {
  at: Date;
  reason: TriggerReason;
  signal: AbortSignal;
  finish: (code: number) => void;
}

describe('odsync schedule (node-cron with fake timers)', () => {
  let scheduler: RunningScheduler | undefined;
  let calls: Call[];
  let autoFinish: boolean;

  beforeEach(() => {
    vi.useFakeTimers({
      now: START,
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
    calls = [];
    autoFinish = true;
  });
  afterEach(async () => {
    for (const c of calls) c.finish(0);
    await scheduler?.stop();
    scheduler = undefined;
    vi.useRealTimers();
  });

  const start = async (lastCompleted: Date | null) => {
    scheduler = await startScheduler({
      cron: '30 2 * * *',
      timeZone: 'Asia/Taipei',
      logger: silentLogger(),
      lastCompletedStart: () => Promise.resolve(lastCompleted),
      runNightly: (signal, reason) => {
        const d = deferred();
        calls.push({ at: new Date(), reason, signal, finish: d.resolve });
        if (autoFinish) d.resolve(0);
        return d.promise;
      },
    });
    return scheduler;
  };

  it('fires at 02:30 Asia/Taipei (18:30 UTC), not a second earlier, and again a day later', async () => {
    await start(TODAYS_RUN);
    await vi.advanceTimersByTimeAsync(NEXT_DUE.getTime() - START.getTime() - 1000);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1500);
    expect(calls.map((c) => [c.at.toISOString().slice(0, 19), c.reason])).toEqual([
      ['2026-11-27T18:30:00', 'scheduled'],
    ]);
    await vi.advanceTimersByTimeAsync(DAY);
    expect(calls.map((c) => c.at.toISOString().slice(0, 19))).toEqual([
      '2026-11-27T18:30:00',
      '2026-11-28T18:30:00',
    ]);
  });

  it('never overlaps: a tick during a slow run is skipped; the next one after it finishes runs', async () => {
    autoFinish = false;
    await start(TODAYS_RUN);
    await vi.advanceTimersByTimeAsync(NEXT_DUE.getTime() - START.getTime() + 1000);
    expect(calls).toHaveLength(1);
    expect(scheduler!.busy()).toBe(true);
    // The run takes more than a day: the next day's tick comes while it is still running.
    await vi.advanceTimersByTimeAsync(DAY);
    expect(calls).toHaveLength(1);
    calls[0]!.finish(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(scheduler!.busy()).toBe(false);
    await vi.advanceTimersByTimeAsync(DAY);
    expect(calls.map((c) => c.at.toISOString().slice(0, 19))).toEqual([
      '2026-11-27T18:30:00',
      '2026-11-29T18:30:00',
    ]);
  });

  it('catches up a missed night at start, and the scheduled tick does not overlap the catch-up run', async () => {
    autoFinish = false;
    // The last completed run started two nights ago: last night's 02:30 run was missed.
    await start(new Date('2026-11-25T18:30:01Z'));
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => [c.at.toISOString(), c.reason])).toEqual([[START.toISOString(), 'catch-up']]);
    // Still running at 02:30 Taipei: that tick is skipped.
    await vi.advanceTimersByTimeAsync(NEXT_DUE.getTime() - START.getTime() + 1000);
    expect(calls).toHaveLength(1);
    calls[0]!.finish(3);
    await vi.advanceTimersByTimeAsync(DAY);
    expect(calls.map((c) => c.reason)).toEqual(['catch-up', 'scheduled']);
  });

  it('catches up on a database where nightly never completed; does not when up to date', async () => {
    await start(null);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => c.reason)).toEqual(['catch-up']);
    await scheduler!.stop();
    calls = [];
    await start(TODAYS_RUN);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(0);
  });

  it('keeps scheduling after a run that found the lock held (exit 4) or crashed', async () => {
    let n = 0;
    scheduler = await startScheduler({
      cron: '30 2 * * *',
      timeZone: 'Asia/Taipei',
      logger: silentLogger(),
      lastCompletedStart: () => Promise.resolve(TODAYS_RUN),
      runNightly: () => {
        n++;
        return n === 1 ? Promise.resolve(4) : Promise.reject(new Error('boom'));
      },
    });
    await vi.advanceTimersByTimeAsync(NEXT_DUE.getTime() - START.getTime() + 2 * DAY + 1000);
    expect(n).toBe(3);
  });

  it('graceful stop: aborts the current run between stages, waits for it, then schedules nothing more', async () => {
    autoFinish = false;
    await start(TODAYS_RUN);
    await vi.advanceTimersByTimeAsync(NEXT_DUE.getTime() - START.getTime() + 1000);
    expect(calls).toHaveLength(1);
    let stopped = false;
    const stopping = scheduler!.stop('received SIGTERM').then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls[0]!.signal.aborted).toBe(true);
    expect(stopped).toBe(false); // still waiting for the run to finish its stage
    calls[0]!.finish(1);
    await stopping;
    expect(stopped).toBe(true);
    await vi.advanceTimersByTimeAsync(3 * DAY);
    expect(calls).toHaveLength(1);
  });
});
