import { describe, expect, it } from 'vitest';
import { MOL_FAMILY } from '../../src/publishers/index.js';
import {
  createMatcher,
  createTitleNormalizer,
  matchPlanItems,
  mergeSynonyms,
  type DatasetInput,
  type ItemMatch,
  type MatchDecisionInput,
  type MatchOptions,
  type PlanItemInput,
} from '../../src/reconcile/index.js';
import { confirm, makeDataset, makePlanItem, reject } from './builders.js';
import { seedDatasetId, seedDatasets, seedPlanItems } from './seed-plan.js';

const match = (
  items: PlanItemInput[],
  datasets: DatasetInput[],
  decisions: MatchDecisionInput[] = [],
  options: Partial<MatchOptions> = {},
): ItemMatch[] =>
  matchPlanItems(items, createMatcher(datasets, { agencies: MOL_FAMILY, ...options }), decisions);

const one = (itemTitle: string, datasetTitle: string, item: Partial<PlanItemInput> = {}) => {
  const d = makeDataset({ title: datasetTitle });
  const [m] = match([makePlanItem({ title: itemTitle, ...item })], [d]);
  return { m: m!, d };
};

describe('title normalisation', () => {
  const n = createTitleNormalizer();
  it.each([
    ['勞動部勞動力發展署-職能基準資料檔', '職能基準'],
    ['104年度外勞收容情形', '外籍勞工收容情形'],
    ['民國103年育嬰留職停薪就業關懷調查', '育嬰留職停薪就業關懷調查'],
    ['育嬰留職停薪就業關懷調查(103年)', '育嬰留職停薪就業關懷調查'],
    ['ＴＴＱＳ專業人員簡經歷資料', 'ttqs專業人員簡經歷'],
    ['臺灣就業通網站職缺清單', '台灣就業通網站職缺清單'],
    ['勞保局 勞保資料管理資料', '勞工保險資料管理'],
    ['從事勞工健康服務醫師統計數據', '從事勞工健康服務醫師'],
    ['勞退條例第５０條罰鍰處分資料集', '勞工退休條例第50條罰鍰處分'],
    ['移工收容情形', '外籍勞工收容情形'],
  ])('%s → %s', (raw, expected) => {
    expect(n.normalize(raw)).toBe(expected);
  });

  it('never strips a title down to nothing', () => {
    expect(n.normalize('資料集')).toBe('資料集');
    expect(n.normalize('勞動部')).toBe('勞動部');
    expect(n.normalize('統計資料')).toBe('統計');
  });

  it('takes operator synonyms over the defaults, and null removes a default', () => {
    const custom = createTitleNormalizer({ synonyms: mergeSynonyms({ 外勞: null, 青年: '青少年' }) });
    expect(custom.normalize('外勞收容情形')).toBe('外勞收容情形');
    expect(custom.normalize('青年勞工就業狀況')).toBe('青少年勞工就業狀況');
  });
});

describe('matching variants of the same title', () => {
  it.each([
    ['abbreviation 外勞', '外勞收容情形', '外籍勞工收容情形'],
    ['abbreviation 勞退', '勞退準備金管理資料', '勞工退休準備金管理資料'],
    ['abbreviation 勞保 + 就保', '勞工保險及就業保險爭議審議案件', '勞保及就保爭議審議案件'],
    ['agency prefix', '職能基準資料檔', '勞動部勞動力發展署-職能基準'],
    ['generic suffix', '團體協約資料集', '團體協約'],
    ['ROC-year prefix', '103年育嬰留職停薪就業關懷調查', '育嬰留職停薪就業關懷調查'],
    ['full-width letters', 'TTQS專業人員簡經歷資料', 'ＴＴＱＳ專業人員簡經歷資料'],
    ['臺/台', '臺灣就業通網站職缺清單', '台灣就業通網站職缺清單'],
    [
      'extra words on the platform side',
      '老年農民福利津貼核付人數',
      '老年農民福利津貼核付人數統計-按年齡組別',
    ],
  ])('%s: %s ↔ %s', (_label, itemTitle, datasetTitle) => {
    const { m, d } = one(itemTitle, datasetTitle);
    expect(m.outcome).toBe('matched');
    expect(m.method).toBe('auto');
    expect(m.datasetId).toBe(d.datasetId);
    expect(m.score).toBeGreaterThanOrEqual(0.75);
  });

  it('does not match unrelated titles of the same agency', () => {
    const { m } = one('訴願案件', '基本工資之制定與調整經過');
    expect(m.outcome).toBe('none');
    expect(m.datasetId).toBeNull();
  });
});

describe('near-twins in the seed plan', () => {
  const items = seedPlanItems();
  const bySeq = (ms: ItemMatch[], seq: number) => ms.find((m) => m.planKey === `mol-104-1#${seq}`)!;

  it('gives every one of the 48 items its own dataset', () => {
    expect(items).toHaveLength(48);
    const ms = match(items, seedDatasets(items));
    for (const item of items) {
      const m = bySeq(ms, item.seq!);
      expect({ seq: item.seq, outcome: m.outcome, datasetId: m.datasetId }).toEqual({
        seq: item.seq,
        outcome: 'matched',
        datasetId: seedDatasetId(item.seq!),
      });
    }
  });

  const groups: [string, number[]][] = [
    ['大量解僱通報 / 大量解僱預警通報', [5, 6]],
    ['直聘選工 / 直聘案件', [31, 32]],
    ['微型企業創業貸款 / 微型創業鳳凰貸款', [33, 34]],
    ['醫師 / 護理人員', [41, 42]],
    ['NTQP', [23, 24, 25, 26, 27]],
    ['職能導向課程資料檔 / 職能導向課程', [21, 36]],
    ['設備 / 機械 / 檢查申請', [46, 47, 48]],
  ];
  for (const [label, seqs] of groups) {
    for (const missing of seqs) {
      it(`${label}: without #${missing}'s dataset, no twin's dataset is taken for #${missing}`, () => {
        const ms = match(items, seedDatasets(items, [missing]));
        const orphan = bySeq(ms, missing);
        const twinIds = seqs.map(seedDatasetId);
        expect(orphan.outcome === 'matched' && twinIds.includes(orphan.datasetId!)).toBe(false);
        expect(orphan.outcome).not.toBe('matched');
        for (const seq of seqs.filter((s) => s !== missing)) {
          const m = bySeq(ms, seq);
          expect([seq, m.outcome, m.datasetId]).toEqual([seq, 'matched', seedDatasetId(seq)]);
        }
        // The twin's dataset shows in the evidence as taken, not as a free candidate.
        for (const c of orphan.evidence.candidates) {
          if (twinIds.includes(c.datasetId)) expect(c.takenBy).not.toBeNull();
        }
      });
    }
  }

  it('sends two items that are equally close to the only dataset to review, never auto', () => {
    // Both 職能導向課程 items normalise alike; only a third spelling exists on the platform.
    const twins = items.filter((i) => i.seq === 21 || i.seq === 36);
    const d = makeDataset({ title: '職能導向課程資料', publisherName: '勞動部勞動力發展署' });
    const ms = match(twins, [d]);
    expect(ms.map((m) => m.outcome)).toEqual(['needs_review', 'needs_review']);
    expect(ms.map((m) => m.evidence.reason).sort()).toEqual(['ambiguous', 'contested']);
  });
});

describe('assignment', () => {
  it('takes the best overall pairing where greedy-by-item would be wrong', () => {
    // A fits d1 best (1.0) but d2 well too; B fits only d1 (d2 lacks 數). Greedy by item: A→d1 and
    // B gets nothing. Best pairing: A→d2, B→d1. B's pairing is certain;
    // A's is a consolation (it lost its best candidate), so a person confirms it.
    const a = makePlanItem({ title: '勞工保險投保單位數統計' });
    const b = makePlanItem({ title: '投保單位數' });
    const d1 = makeDataset({ title: '勞工保險投保單位數統計' });
    const d2 = makeDataset({ title: '勞工保險投保單位按行業' });
    const ms = match([a, b], [d1, d2], [], { highThreshold: 0.7, lowThreshold: 0.5 });
    expect(ms.map((m) => [m.outcome, m.datasetId, m.evidence.reason])).toEqual([
      ['needs_review', d2.datasetId, 'displaced'],
      ['matched', d1.datasetId, 'auto'],
    ]);
    // The evidence says why A did not get its best-scoring dataset.
    expect(ms[0]!.evidence.runnerUp).toMatchObject({ datasetId: d1.datasetId, score: 1, takenBy: b.planKey });
  });

  it('never auto-matches a neighbour when a duplicate plan item took the dataset', () => {
    // Two plan rows name the same dataset; the second must not slide to the next county's dataset.
    const first = makePlanItem({ title: '臺東縣訴願求才人數-按縣市別' });
    const second = makePlanItem({ title: '臺東縣訴願求才人數-按縣市別統計表' });
    const own = makeDataset({ title: '臺東縣訴願求才人數-按縣市別' });
    const neighbour = makeDataset({ title: '苗栗縣訴願求才人數-按縣市別資料' });
    const ms = match([first, second], [own, neighbour]);
    expect(ms[0]).toMatchObject({ outcome: 'matched', datasetId: own.datasetId });
    expect(ms[1]!.outcome).not.toBe('matched');
  });

  it('never lets two review-band pairings outweigh one strong pairing', () => {
    const items = seedPlanItems().filter((i) => i.seq === 5 || i.seq === 6);
    // Rejecting #5's own dataset leaves #5 only #6's dataset (0.73); #6 keeps its 0.99 pairing.
    const ms = match(items, seedDatasets(items), [reject('mol-104-1#5', seedDatasetId(5))]);
    expect(ms[1]).toMatchObject({ outcome: 'matched', datasetId: seedDatasetId(6) });
  });

  it('uses each dataset at most once', () => {
    const items = [makePlanItem({ title: '職業訓練師資料檔' }), makePlanItem({ title: '職業訓練師資料' })];
    const d = makeDataset({ title: '職業訓練師資料' });
    const ms = match(items, [d]);
    expect(
      ms.filter((m) => m.outcome === 'matched' && m.datasetId === d.datasetId).length,
    ).toBeLessThanOrEqual(1);
  });
});

describe('confidence bands and thresholds', () => {
  it('puts a pairing between the thresholds in needs_review with the candidates listed', () => {
    const { m, d } = one('國內投資股票類別統計資訊', '勞動基金國內投資股票');
    expect(m.outcome).toBe('needs_review');
    expect(m.method).toBeNull();
    expect(m.datasetId).toBe(d.datasetId);
    expect(m.evidence.reason).toBe('below_high');
    expect(m.evidence.candidates.map((c) => c.datasetId)).toEqual([d.datasetId]);
  });

  it('moves with the configured thresholds', () => {
    const item = makePlanItem({ title: '國內投資股票類別統計資訊' });
    const d = makeDataset({ title: '勞動基金國內投資股票' });
    const score = match([item], [d])[0]!.score!;
    expect(match([item], [d], [], { highThreshold: score, lowThreshold: 0.5 })[0]!.outcome).toBe('matched');
    expect(match([item], [d], [], { highThreshold: 0.99, lowThreshold: score + 0.0001 })[0]!.outcome).toBe(
      'none',
    );
  });

  it('rejects impossible thresholds', () => {
    expect(() => createMatcher([], { highThreshold: 0.5, lowThreshold: 0.7 })).toThrow(/thresholds/);
  });

  it('never auto-matches a dataset of another agency', () => {
    const { m } = one('職能基準資料檔', '職能基準資料檔', { agency: '勞動部勞工保險局' });
    expect(m.outcome).toBe('needs_review');
    expect(m.evidence.reason).toBe('agency_mismatch');
    expect(m.evidence.chosen?.components.agency).toBe('different');
  });

  it('treats agency aliases as the same agency', () => {
    const item = makePlanItem({ title: '職能基準資料檔', agency: '勞動力發展署' });
    const d = makeDataset({ title: '職能基準', publisherName: '勞動部勞動力發展署' });
    expect(match([item], [d])[0]!.outcome).toBe('matched');
  });

  it('treats a sub-unit as its agency through the agency the loader resolved', () => {
    const item = makePlanItem({ title: '技術士技能檢定合格人數', agency: '勞動部勞動力發展署' });
    const sub = { title: '技術士技能檢定合格人數', publisherName: '勞動部勞動力發展署技能檢定中心' };
    expect(match([item], [makeDataset(sub)])[0]!.evidence.reason).toBe('agency_mismatch');
    const resolved = makeDataset({ ...sub, agencyName: '勞動部勞動力發展署' });
    expect(match([item], [resolved])[0]!.outcome).toBe('matched');
  });

  it('uses the description as secondary evidence, weighted low', () => {
    const item = makePlanItem({
      title: '老年農民福利津貼核付人數',
      description: '依年齡組別、性別及地區別提供核付人數',
    });
    const plain = makeDataset({ title: '老年農民福利津貼核付人數-按年齡組別' });
    const agreeing = { ...plain, description: '老年農民福利津貼核付人數，依年齡組別、性別及地區別提供' };
    const unrelated = { ...plain, description: '完全無關的說明文字' };
    const [a] = match([item], [plain]);
    const [b] = match([item], [agreeing]);
    const [c] = match([item], [unrelated]);
    // The summary alone (a dataset without a description) is compared with the title: it may only agree.
    const alone = a!.evidence.chosen!.components;
    expect(alone.description).not.toBeNull();
    expect(a!.score!).toBeGreaterThanOrEqual(match([{ ...item, description: null }], [plain])[0]!.score!);
    expect(b!.evidence.chosen!.components.description).toBeGreaterThan(0.9);
    expect(b!.score!).toBeGreaterThan(a!.score!);
    // Disagreement lowers the score a little (10 % of the gap), never below the band on its own.
    expect(c!.score!).toBeLessThan(a!.score!);
    expect(a!.score! - c!.score!).toBeLessThan(0.1);
    expect(c!.outcome).toBe('matched');
  });

  it('lets the description tell apart twins whose titles normalise alike', () => {
    const items = seedPlanItems().filter((i) => i.seq === 21 || i.seq === 36);
    const d21 = makeDataset({
      title: '職能導向課程資料',
      publisherName: '勞動部勞動力發展署',
      description: '職能導向課程名稱、職能培訓機構及認證日期',
    });
    const d36 = makeDataset({
      title: '職能導向課程資料',
      publisherName: '勞動部勞動力發展署',
      description: '提供免費的課程、電子書、影片給民眾學習使用，並可查詢學習紀錄',
    });
    const ms = match(items, [d36, d21]);
    expect(ms.map((m) => [m.outcome, m.datasetId])).toEqual([
      ['matched', d21.datasetId],
      ['matched', d36.datasetId],
    ]);
  });
});

describe('evidence', () => {
  it('records normalised strings, score components and the runner-up with its score', () => {
    const items = seedPlanItems().filter((i) => i.seq === 5 || i.seq === 6);
    const ms = match(items, seedDatasets(items));
    const m5 = ms[0]!;
    expect(m5.evidence.normalizedItemTitle).toBe('大量解僱通報');
    expect(m5.evidence.chosen).toMatchObject({
      datasetId: seedDatasetId(5),
      title: '勞動部大量解僱通報',
      normalizedTitle: '大量解僱通報',
      components: { titleDice: 1, titleCoverage: 1, agency: 'same' },
    });
    expect(m5.evidence.runnerUp).toMatchObject({ datasetId: seedDatasetId(6), takenBy: 'mol-104-1#6' });
    expect(m5.evidence.runnerUp!.score).toBeLessThan(m5.score!);
    expect(m5.evidence.thresholds).toEqual({ high: 0.75, low: 0.55 });
  });
});

describe('manual decisions', () => {
  const items = seedPlanItems().filter((i) => i.seq === 5 || i.seq === 6);

  it('a confirmed pair wins over the matcher, whatever the score', () => {
    const odd = makeDataset({ title: '事業單位歇業通報', publisherName: '勞動部' });
    const ds = [...seedDatasets(items), odd];
    const ms = match(items, ds, [confirm('mol-104-1#5', odd.datasetId)]);
    expect(ms[0]).toMatchObject({ outcome: 'matched', method: 'manual', datasetId: odd.datasetId });
    expect(ms[0]!.evidence.reason).toBe('confirmed');
    expect(ms[1]).toMatchObject({ outcome: 'matched', method: 'auto', datasetId: seedDatasetId(6) });
  });

  it('a confirmed dataset is not given to another item automatically', () => {
    const ds = seedDatasets(items, [5]);
    // A person says #5 is published as #6's dataset: #6 must not take it as well.
    const ms = match(items, ds, [confirm('mol-104-1#5', seedDatasetId(6))]);
    expect(ms[0]).toMatchObject({ method: 'manual', datasetId: seedDatasetId(6) });
    expect(ms[1]!.outcome).not.toBe('matched');
  });

  it('a person may confirm one dataset for two items', () => {
    const ms = match(items, seedDatasets(items), [
      confirm('mol-104-1#5', seedDatasetId(6)),
      confirm('mol-104-1#6', seedDatasetId(6)),
    ]);
    expect(ms.map((m) => [m.method, m.datasetId])).toEqual([
      ['manual', seedDatasetId(6)],
      ['manual', seedDatasetId(6)],
    ]);
  });

  it('a rejected pair is never proposed again', () => {
    const ms = match(items, seedDatasets(items), [reject('mol-104-1#5', seedDatasetId(5))]);
    expect(ms[0]!.datasetId).not.toBe(seedDatasetId(5));
    expect(ms[0]!.evidence.candidates.map((c) => c.datasetId)).not.toContain(seedDatasetId(5));
    expect(ms[1]).toMatchObject({ outcome: 'matched', datasetId: seedDatasetId(6) });
  });

  it('the later decision on the same pair wins', () => {
    const ms = match(items, seedDatasets(items), [
      reject('mol-104-1#5', seedDatasetId(5)),
      confirm('mol-104-1#5', seedDatasetId(5)),
    ]);
    expect(ms[0]).toMatchObject({ method: 'manual', datasetId: seedDatasetId(5) });
    const undone = match(items, seedDatasets(items), [
      confirm('mol-104-1#5', seedDatasetId(5)),
      reject('mol-104-1#5', seedDatasetId(5)),
    ]);
    expect(undone[0]!.method).not.toBe('manual');
    expect(undone[0]!.datasetId).not.toBe(seedDatasetId(5));
  });

  it('keeps a confirmed dataset that is not in the catalogue (reason confirmed_not_found)', () => {
    const ms = match(items, seedDatasets(items), [confirm('mol-104-1#5', '999999')]);
    expect(ms[0]).toMatchObject({ outcome: 'matched', method: 'manual', datasetId: '999999', score: null });
    expect(ms[0]!.evidence.reason).toBe('confirmed_not_found');
  });
});
