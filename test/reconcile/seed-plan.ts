/**
 * The 48 items of the 2015 seed minutes, parsed with the plan stage's own reader, and a set of
 * realistic platform titles for them (prefixes, suffixes, abbreviations, full-width, extra words).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_UNIT_AGENCIES, agencyResolver, buildPlan, readMinutes } from '../../src/plan/index.js';
import type { DatasetInput, PlanItemInput } from '../../src/reconcile/index.js';

export const SEED_MINUTES = fileURLToPath(new URL('../../examples/mol-open-data-meeting-104-1.txt', import.meta.url));

export function seedPlanItems(): PlanItemInput[] {
  const text = readFileSync(SEED_MINUTES, 'utf8');
  const plan = buildPlan(readMinutes(text), { resolveAgency: agencyResolver(DEFAULT_UNIT_AGENCIES) });
  return plan.items.map((i) => ({
    planKey: `mol-104-1#${i.seq}`,
    seq: i.seq,
    title: i.title,
    description: i.description,
    unit: i.unit,
    agency: i.agency,
    dueDate: i.dueDate,
  }));
}

/** How the platform titles each seed item's dataset (seq → title). */
export const PLATFORM_TITLES: Readonly<Record<number, string>> = {
  1: '裁決決定書',
  2: '勞動部工會基本資料',
  3: '勞資會議資料',
  4: '團體協約',
  5: '勞動部大量解僱通報',
  6: '大量解僱預警通報資料',
  7: '訴願案件資料集',
  8: '勞保及就保爭議審議案件',
  9: '失業勞工子女就學補助申請統計',
  10: '托兒設施措施補助相關資料',
  11: '職工福利委員會資料集',
  12: '勞退條例第50條罰鍰處分資料集',
  13: '勞工退休準備金管理資料',
  14: '勞保資料管理',
  15: '勞工服務中心諮詢案件統計',
  16: '育嬰留職停薪就業關懷調查',
  17: '國民年金被保險人申請分期繳納保險費件數統計',
  18: '老年農民福利津貼核付人數統計',
  19: '受理農會個人欠費暨繳納申報統計資料',
  20: '勞動部勞動力發展署-職能基準',
  21: '職能導向課程資料檔',
  22: 'ＴＴＱＳ專業人員簡經歷資料',
  23: '勞動部勞動力發展署-NTQP最新消息',
  24: '關於NTQP',
  25: 'NTQP報名須知',
  26: 'NTQP活動花絮',
  27: 'NTQP歷屆得獎名單',
  28: '個別企業、工廠申請核定外勞數、與實際僱用外勞數量統計',
  29: '就業安定費及收容費執行憑證件數及金額統計',
  30: '外籍勞工收容情形',
  31: '直聘選工統計資訊',
  32: '直聘案件統計資訊',
  33: '微型企業創業貸款撥補息資料',
  34: '微型創業鳳凰貸款撥補息資料',
  35: '職業訓練師資料',
  36: '職能導向課程',
  37: '國內投資股票類別統計資訊',
  38: '職業災害地點等統計',
  39: '罹災者受傷部位統計',
  40: '認可醫療機構名單',
  41: '從事勞工健康服務醫師統計',
  42: '從事勞工健康服務護理人員統計',
  43: '勞工健康管理三級以上人員統計',
  44: '勞動檢查管理統計',
  45: '新化學物質登記統計',
  46: '設備資料統計',
  47: '機械資料統計',
  48: '檢查申請統計',
};

/** Other ministry datasets no plan item mentions (distractors). */
export const OTHER_TITLES: readonly [string, string][] = [
  ['6281', '基本工資之制定與調整經過'],
  ['44062', '台灣就業通網站職缺清單'],
  ['6647', '初任人員薪資'],
  ['33357', '勞工保險平均投保薪資-按行業別'],
  ['9332', '人力仲介評鑑'],
  ['13348', '國民年金保險被保險人人數'],
  ['7001', '大量解僱勞工保護法相關函釋'],
  ['7002', '職業訓練機構一覽表'],
  ['7003', '外籍勞工人數-按國籍分'],
  ['7004', '勞工健康服務機構名單'],
];

/** Dataset ids for the seed items: 5000 + seq. */
export const seedDatasetId = (seq: number) => String(5000 + seq);

export function seedDatasets(items: readonly PlanItemInput[], skip: readonly number[] = []): DatasetInput[] {
  const out: DatasetInput[] = [];
  for (const item of items) {
    if (item.seq === null || skip.includes(item.seq)) continue;
    out.push({
      datasetId: seedDatasetId(item.seq),
      title: PLATFORM_TITLES[item.seq]!,
      description: null,
      publisherName: item.agency,
      updateFrequency: '不定期更新',
      publishedDate: '2015-08-15',
      modifiedDate: null,
      delistedDate: null,
    });
  }
  for (const [datasetId, title] of OTHER_TITLES) {
    out.push({
      datasetId,
      title,
      description: null,
      publisherName: '勞動部',
      updateFrequency: '每1月',
      publishedDate: '2014-01-01',
      modifiedDate: '2015-07-01',
      delistedDate: null,
    });
  }
  return out;
}
