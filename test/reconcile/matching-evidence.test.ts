/**
 * The matcher's evidence on real platform shapes: the seed plan's own items (titles, 資料集概述,
 * units, due dates) against the seed datasets with one item's dataset retitled as data.gov.tw
 * really titles it. Positive pairs must be found; near-twins must never take each other's dataset.
 */
import { describe, expect, it } from 'vitest';
import { MOL_FAMILY } from '../../src/publishers/index.js';
import {
  createMatcher,
  matchPlanItems,
  reconcile,
  type DatasetInput,
  type ItemMatch,
  type MatchOptions,
  type PlanItemInput,
} from '../../src/reconcile/index.js';
import { makeDataset, makePlanItem } from './builders.js';
import { seedDatasetId, seedDatasets, seedPlanItems } from './seed-plan.js';

const items = seedPlanItems();
const keyOf = (seq: number) => `mol-104-1#${seq}`;

const run = (
  datasets: DatasetInput[],
  planItems: readonly PlanItemInput[] = items,
  options: Partial<MatchOptions> = {},
): ItemMatch[] => matchPlanItems(planItems, createMatcher(datasets, { agencies: MOL_FAMILY, ...options }));

/** The seed datasets with item `seq`'s dataset retitled (and optionally more changed). */
function retitled(seq: number, title: string, extra: Partial<DatasetInput> = {}): DatasetInput[] {
  return seedDatasets(items).map((d) => (d.datasetId === seedDatasetId(seq) ? { ...d, title, ...extra } : d));
}

const matchOf = (ms: ItemMatch[], seq: number) => ms.find((m) => m.planKey === keyOf(seq))!;

describe('real platform titles of the issue (positive)', () => {
  it.each([
    [7, '勞動部訴願案件辦結統計資料'],
    [30, '墊付外勞收容費用情形'],
    [46, '105年危險性設備資料統計數據'],
    [43, '勞工特殊健康檢查健康管理分級列第三級以上人員統計數據'],
    [23, 'NTDA最新消息'],
  ])('#%i is matched automatically to %s', (seq, title) => {
    const m = matchOf(run(retitled(seq, title)), seq);
    expect([m.outcome, m.method, m.datasetId]).toEqual(['matched', 'auto', seedDatasetId(seq)]);
  });

  it.each([
    // The plan's 資料集概述 names the dataset almost word for word; the titles share one word.
    [11, '各地方勞工行政主管機關職工福利業務承辦人聯絡方式', 'summaryTitle'],
    [15, '各地方勞工服務中心諮詢服務概況統計表', 'titleCoverage'],
  ] as const)('#%i goes to a person with %s as the chosen candidate', (seq, title, component) => {
    const m = matchOf(run(retitled(seq, title)), seq);
    expect([m.outcome, m.datasetId]).toEqual(['needs_review', seedDatasetId(seq)]);
    expect(m.evidence.chosen!.components[component]).toBeGreaterThan(0.4);
  });

  it('#39 罹災者受傷部位統計數據 is a possible match (可能相符), never a silent overdue', () => {
    const title = '職業災害統計行業別與受傷部位統計數據';
    const m = matchOf(run(retitled(39, title)), 39);
    expect(m.outcome).toBe('none');
    expect(m.evidence.possible?.map((c) => c.datasetId)).toEqual([seedDatasetId(39)]);
  });

  it('#7 訴願案件: the dataset description alone (no plan summary) makes 勞動部訴願決定書 a possible match', () => {
    const item = { ...items.find((i) => i.seq === 7)!, description: null };
    const d = makeDataset({ title: '勞動部訴願決定書', description: '訴願案件資料及訴願決定書全文。' });
    const [withText] = run([d], [item]);
    const [bare] = run([{ ...d, description: null }], [item]);
    expect(withText!.evidence.candidates[0]!.components.description).toBe(1);
    expect(withText!.evidence.possible?.map((c) => c.datasetId)).toEqual([d.datasetId]);
    expect(bare!.evidence.possible).toBeUndefined();
  });

  it('counts 主要欄位說明 as description evidence', () => {
    const item = makePlanItem({ title: '工會會員統計', description: '工會名稱、會員人數、女性會員人數' });
    const d = makeDataset({ title: '工會概況', description: null });
    const [plain] = run([d], [item]);
    const [withFields] = run([{ ...d, fields: ['工會名稱', '會員人數', '女性會員人數'] }], [item]);
    const best = (m: ItemMatch) => m.evidence.chosen ?? m.evidence.candidates[0]!;
    expect(best(withFields!).components.description).toBeGreaterThan(0.7);
    expect(best(withFields!).score).toBeGreaterThan(best(plain!).score);
  });
});

describe('near-twins never take each other’s dataset (negative)', () => {
  const twins: [string, number, number, string][] = [
    ['大量解僱預警通報 for 大量解僱通報', 5, 6, '大量解僱預警通報資料'],
    ['大量解僱通報 for 大量解僱預警通報', 6, 5, '勞動部大量解僱通報'],
    ['護理人員 for 醫師', 41, 42, '從事勞工健康服務護理人員統計'],
    ['醫師 for 護理人員', 42, 41, '從事勞工健康服務醫師統計'],
    ['NTDA歷屆得獎名單 for NTDA最新消息', 23, 27, 'NTDA歷屆得獎名單'],
    ['職能導向課程 for 職能導向課程資料檔', 21, 36, '職能導向課程'],
    ['職能導向課程資料檔 for 職能導向課程', 36, 21, '職能導向課程資料檔'],
  ];
  it.each(twins)('%s: no automatic match to the twin', (_label, seq, twin, twinTitle) => {
    // Only the twin's dataset exists (under its real title); the item's own is missing.
    const datasets = seedDatasets(items, [seq]).map((d) =>
      d.datasetId === seedDatasetId(twin) ? { ...d, title: twinTitle } : d,
    );
    const ms = run(datasets);
    const m = matchOf(ms, seq);
    expect(m.outcome === 'matched' && m.datasetId === seedDatasetId(twin)).toBe(false);
    expect(matchOf(ms, twin)).toMatchObject({ outcome: 'matched', datasetId: seedDatasetId(twin) });
  });

  it('the renamed NTDA items each keep their own dataset', () => {
    const renamed = seedDatasets(items).map((d) => ({ ...d, title: d.title.replace('NTQP', 'NTDA') }));
    const ms = run(renamed);
    for (const seq of [23, 24, 25, 26, 27]) {
      expect([seq, matchOf(ms, seq).outcome, matchOf(ms, seq).datasetId]).toEqual([
        seq,
        'matched',
        seedDatasetId(seq),
      ]);
    }
  });

  it('a different agency is never automatic, whatever the evidence', () => {
    const datasets = retitled(30, '墊付外勞收容費用情形', { publisherName: '衛生福利部' });
    const m = matchOf(run(datasets), 30);
    expect(m.outcome).not.toBe('matched');
    expect(m.evidence.possible ?? []).toEqual([]);
  });
});

describe('one item, several datasets', () => {
  const item = items.find((i) => i.seq === 37)!;
  const fund = (title: string, publishedDate: string) =>
    makeDataset({ title, publisherName: '勞動部勞動基金運用局', publishedDate });
  const perFund = [
    fund('勞工退休基金國內投資股票類別', '2016-11-02'),
    fund('勞工保險基金國內投資股票類別', '2016-10-20'),
    fund('就業保險基金國內投資股票類別', '2017-01-05'),
  ];

  it('matches every per-fund dataset, earliest publication first, and dates the item by it', () => {
    const r = reconcile(
      { asOf: '2017-06-30', planItems: [item], datasets: perFund },
      { match: { agencies: MOL_FAMILY } },
    );
    const m = r.matches[0]!;
    expect(m).toMatchObject({ outcome: 'matched', method: 'auto', datasetId: perFund[1]!.datasetId });
    expect(m.datasetIds).toEqual([perFund[1]!.datasetId, perFund[0]!.datasetId, perFund[2]!.datasetId]);
    expect(m.evidence.reason).toBe('group');
    expect(r.statuses[0]).toMatchObject({ status: 'published_on_time', publishedDate: '2016-10-20' });
  });

  it('is no group when one dataset is listed twice (same title): a person decides', () => {
    const twice = [perFund[0]!, { ...perFund[0]!, datasetId: 'copy' }];
    const [m] = run(twice, [item]);
    expect(m!.datasetIds).toBeUndefined();
    expect(m!.outcome).toBe('needs_review');
    expect(m!.evidence.reason).toBe('ambiguous');
  });

  it('keeps one dataset per item for the rest: a split another item holds is not taken', () => {
    const other = makePlanItem({
      title: '勞工退休基金國內投資股票類別',
      agency: '勞動部勞動基金運用局',
      unit: '勞動基金運用局',
    });
    const ms = run(perFund, [item, other]);
    expect(ms[1]).toMatchObject({ outcome: 'matched', datasetId: perFund[0]!.datasetId });
    expect(ms[0]!.datasetIds ?? [ms[0]!.datasetId]).not.toContain(perFund[0]!.datasetId);
  });
});

describe('publication time', () => {
  const item = makePlanItem({ title: '外籍勞工收容情形', dueDate: '2016-01-31', adoptedDate: '2015-06-29' });
  const at = (publishedDate: string | null) =>
    run([makeDataset({ title: '墊付外籍勞工收容費用情形', publishedDate })], [item])[0]!.evidence.chosen!;

  it('is likelier between the plan’s adoption and some months after the due date', () => {
    const inWindow = at('2015-12-01');
    const yearsBefore = at('2012-01-01');
    const late = at('2017-09-01');
    expect(inWindow.components.timing).toBe(1);
    expect(yearsBefore.components.timing).toBe(0);
    expect(late.components.timing).toBeGreaterThan(0);
    expect(late.components.timing).toBeLessThan(1);
    expect(inWindow.score).toBeGreaterThan(late.score);
    expect(late.score).toBeGreaterThan(yearsBefore.score);
  });

  it('is unknown without a publication date, and does not count for another agency', () => {
    expect(at(null).components.timing).toBeNull();
    const other = run(
      [
        makeDataset({
          title: '墊付外籍勞工收容費用情形',
          publisherName: '衛生福利部',
          publishedDate: '2015-12-01',
        }),
      ],
      [item],
    )[0]!;
    expect(other.evidence.chosen!.components.timing).toBeNull();
  });
});

describe('unit against publisher and contact', () => {
  it('counts the plan unit named by the contact', () => {
    const item = makePlanItem({ title: '勞工服務中心諮詢案件資料', unit: '勞動福祉退休司' });
    const d = makeDataset({ title: '各地方勞工服務中心諮詢服務概況統計表', contactName: '王小明' });
    const [anon] = run([d], [item]);
    const [named] = run([{ ...d, contactName: '勞動福祉退休司 王小明' }], [item]);
    expect(anon!.evidence.chosen!.components.unit).toBe(0);
    expect(named!.evidence.chosen!.components.unit).toBe(1);
    expect(named!.score!).toBeGreaterThan(anon!.score!);
  });
});

describe('possible matches (可能相符)', () => {
  const item = makePlanItem({ title: '勞保資料管理資料', dueDate: '2015-10-31' });
  const guess = makeDataset({ title: '勞工保險給付統計' });

  it('lists the agency’s datasets above the floor for an item without a match', () => {
    const [m] = run([guess], [item]);
    expect(m!.outcome).toBe('none');
    const score = m!.evidence.candidates[0]!.score;
    expect(score).toBeLessThan(0.55);
    expect(m!.evidence.possible?.map((c) => c.datasetId)).toEqual([guess.datasetId]);
    // Raise the floor above the score: nothing to show.
    const [above] = run([guess], [item], { possibleFloor: score + 0.01 });
    expect(above!.evidence.possible).toBeUndefined();
    const r = reconcile(
      { asOf: '2016-06-30', planItems: [item], datasets: [guess] },
      { match: { agencies: MOL_FAMILY } },
    );
    expect(r.statuses[0]!.status).toBe('overdue');
  });

  it('never lists a dataset another item holds', () => {
    const holder = makePlanItem({ title: '勞工保險給付統計' });
    const [m] = run([guess], [item, holder]);
    expect(m!.evidence.possible).toBeUndefined();
  });
});
