/** `odsync match list` text: a group match and an overdue item's 可能相符 are shown, not just the codes. */
import { describe, expect, it } from 'vitest';
import { formatMatchList } from '../../jobs/reconcile.js';
import type { MatchList } from '../../src/reconcile-store/index.js';
import { groupAndOverdueCase } from '../reconcile/group-case.js';

describe('match list text', () => {
  const { items, datasets, result: r } = groupAndOverdueCase();
  const list: MatchList = {
    runId: 1,
    asOf: r.asOf,
    entries: r.matches.map((m, k) => ({
      planKey: m.planKey,
      seq: items[k]!.seq,
      title: items[k]!.title,
      status: r.statuses[k]!.status,
      outcome: m.outcome,
      method: m.method,
      datasetId: m.datasetId,
      datasetTitle: m.evidence.chosen?.title ?? null,
      score: m.score,
      reason: m.evidence.reason,
      evidence: m.evidence,
      delayReason: null,
      expectedDate: null,
    })),
  };
  const text = formatMatchList(list, false);

  it('names every dataset of a group', () => {
    expect(text).toContain(`分為多個資料集：${datasets[1]!.datasetId}、${datasets[0]!.datasetId}`);
  });

  it('lists the 可能相符 of an overdue item once, with its score components', () => {
    expect(text).toContain('可能相符（分數低於門檻，請人工確認）：');
    const line = text.split('\n').filter((l) => l.includes(`${datasets[2]!.datasetId}「勞工保險給付統計」`));
    expect(line).toHaveLength(1);
    expect(line[0]).toMatch(/上架時間/);
  });
});
