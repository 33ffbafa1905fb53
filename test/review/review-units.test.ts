import { describe, expect, it } from 'vitest';
import { gatherCandidates, parseExpectedDate } from '../../src/review/index.js';
import type { MatchEvidence, ScoredCandidate } from '../../src/reconcile/index.js';

const cand = (datasetId: string, score: number): ScoredCandidate => ({
  datasetId,
  title: `t${datasetId}`,
  normalizedTitle: `t${datasetId}`,
  publisherName: null,
  score,
  components: { titleDice: score, titleCoverage: score, rawDice: score, description: null, agency: 'same' },
  delisted: false,
  takenBy: null,
});

describe('parseExpectedDate', () => {
  it.each([
    [{ text: '2026-07-01' }, '2026-07-01'],
    [{ text: '2026/7/1' }, '2026-07-01'],
    [{ text: '115/7/1' }, '2026-07-01'],
    [{ text: '115.07.01' }, '2026-07-01'],
    [{ text: '民國115年7月1日' }, '2026-07-01'],
    [{ text: '１１５年７月１日' }, '2026-07-01'],
    [{ text: '20260701' }, '2026-07-01'],
    [{ text: '07/01/26', dateValue: '2026-07-01T00:00:00' }, '2026-07-01'],
    [{ text: '' }, null],
    [{ text: '  ' }, null],
  ])('%j → %s', (cell, expected) => {
    expect(parseExpectedDate(cell)).toBe(expected);
  });

  it.each(['明年', '2026-02-30', '115/13/1', '2026-07', '=TODAY()', '46204'])('rejects %s', (text) => {
    expect(parseExpectedDate({ text })).toBeUndefined();
  });
});

describe('gatherCandidates', () => {
  const evidence: MatchEvidence = {
    itemTitle: 'x',
    normalizedItemTitle: 'x',
    chosen: null,
    runnerUp: cand('d3', 0.4),
    candidates: [cand('d1', 0.5), cand('d2', 0.35), cand('d3', 0.4)],
    reason: 'no_candidate',
    thresholds: { high: 0.75, low: 0.55 },
  };

  it('offers the stored candidates best first, flags those below the threshold as possible matches', () => {
    expect(gatherCandidates({ evidence, confirmed: null, rejected: new Set() })).toEqual([
      { datasetId: 'd1', title: 'td1', score: 0.5, possible: true },
      { datasetId: 'd3', title: 'td3', score: 0.4, possible: true },
      { datasetId: 'd2', title: 'td2', score: 0.35, possible: true },
    ]);
  });

  it('never offers a rejected pair; the confirmed dataset comes first', () => {
    const got = gatherCandidates({
      evidence,
      confirmed: { datasetId: 'd9', title: '確認的' },
      rejected: new Set(['d1']),
    });
    expect(got.map((c) => c.datasetId)).toEqual(['d9', 'd3', 'd2']);
  });
});

describe('match list text', () => {
  it('shows the unit’s reason and expected date under the item', async () => {
    const { formatMatchList } = await import('../../jobs/reconcile.js');
    const text = formatMatchList(
      {
        runId: 7,
        asOf: '2016-06-02',
        entries: [
          {
            planKey: '104-1#3',
            seq: 3,
            title: '勞資會議資料集',
            status: 'overdue',
            outcome: 'none',
            method: null,
            datasetId: null,
            datasetTitle: null,
            score: null,
            reason: 'no_candidate',
            evidence: {
              itemTitle: '勞資會議資料集',
              normalizedItemTitle: '勞資會議',
              chosen: null,
              runnerUp: null,
              candidates: [],
              reason: 'no_candidate',
              thresholds: { high: 0.75, low: 0.55 },
            },
            delayReason: '系統建置中',
            expectedDate: '2016-12-31',
          },
        ],
      },
      false,
    );
    expect(text).toContain('    延遲原因：系統建置中；預計上架日期：2016-12-31');
  });
});
