/** `odsync match list` text: a group match and an overdue item's 可能相符 are shown, not just the codes. */
import { describe, expect, it } from 'vitest';
import { formatMatchList } from '../../jobs/reconcile.js';
import { MOL_FAMILY } from '../../src/publishers/index.js';
import { reconcile } from '../../src/reconcile/index.js';
import type { MatchList } from '../../src/reconcile-store/index.js';
import { makeDataset, makePlanItem } from '../reconcile/builders.js';

describe('match list text', () => {
  const items = [
    makePlanItem({
      title: '國內投資股票類別統計資訊',
      agency: '勞動部勞動基金運用局',
      dueDate: '2016-12-31',
    }),
    makePlanItem({ title: '勞保資料管理資料', dueDate: '2015-10-31' }),
  ];
  const datasets = [
    makeDataset({
      title: '勞工退休基金國內投資股票類別',
      publisherName: '勞動部勞動基金運用局',
      publishedDate: '2016-11-02',
    }),
    makeDataset({
      title: '勞工保險基金國內投資股票類別',
      publisherName: '勞動部勞動基金運用局',
      publishedDate: '2016-10-20',
    }),
    makeDataset({ title: '勞工保險給付統計', publishedDate: '2015-09-01' }),
  ];
  const r = reconcile(
    { asOf: '2017-06-30', planItems: items, datasets },
    { match: { agencies: MOL_FAMILY } },
  );
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
