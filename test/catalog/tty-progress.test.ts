import { describe, expect, it } from 'vitest';
import { ttyProgress } from '../../jobs/sync-catalog.js';

describe('catalogue progress on a TTY', () => {
  it('shows fetched/total, rate and ETA on one rewritten line per phase', () => {
    let out = '';
    let now = 0;
    const p = ttyProgress(
      (t) => (out += t),
      () => now,
    );
    p({ phase: 'parse', done: 0, total: 53000 });
    now = 5000;
    p({ phase: 'parse', done: 5000, total: 53000 });
    expect(out).toMatch(/\rdatasets read: 5000\/53000, 1000\/s, ETA 48 s/);
    now = 6000;
    p({ phase: 'details', done: 0, total: 10 });
    expect(out).toMatch(/\n\rdetail calls: 0\/10 {3}$/);
  });
});
