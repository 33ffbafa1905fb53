/**
 * A realistic quarterly input in memory: the seed plan, its datasets published over the years
 * (some late, some never), a few hundred other datasets of the family, comments and requests.
 */
import { MOL_FAMILY } from '../../src/publishers/index.js';
import { addDays } from '../../src/reconcile/index.js';
import { parseQuarter, type QuarterDataset, type QuarterlyInput } from '../../src/quarterly/index.js';
import { seedDatasets, seedPlanItems } from '../reconcile/seed-plan.js';

/** Deterministic pseudo-random numbers (no dependency on Math.random). */
function prng(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

const SUB_UNITS = [
  '勞動部勞動力發展署北基宜花金馬分署',
  '勞動部勞動力發展署技能檢定中心',
  '勞動部職業安全衛生署南區職業安全衛生中心',
];

export function demoQuarterlyInput(quarter = '2026Q3'): QuarterlyInput {
  const rand = prng(16);
  const items = seedPlanItems();
  const datasets: QuarterDataset[] = [];
  // Seed items' datasets: published from on time to years late; every fifth never published.
  for (const d of seedDatasets(items, [3, 8, 13, 28, 33, 43])) {
    const published = addDays('2015-07-01', Math.floor(rand() * 1600));
    datasets.push({
      input: { ...d, publishedDate: published, firstObserved: '2026-06-15' },
      events: [{ event: 'listed', observed: '2026-06-15', lastSeen: null }],
      platformDelistings: [],
    });
  }
  for (let i = 0; i < 320; i++) {
    const member = MOL_FAMILY[Math.floor(rand() * MOL_FAMILY.length)]!;
    const publisher = rand() < 0.12 ? SUB_UNITS[i % SUB_UNITS.length]! : member.name;
    const published = addDays('2013-06-01', Math.floor(rand() * 4860));
    const delisted = rand() < 0.06 ? addDays(published, 200 + Math.floor(rand() * 900)) : null;
    const gone = delisted !== null && delisted <= '2026-11-30';
    datasets.push({
      input: {
        datasetId: String(70000 + i),
        title: `資料集 ${i}`,
        description: null,
        publisherName: publisher,
        updateFrequency: '每1年',
        publishedDate: published,
        modifiedDate: null,
        delistedDate: null,
        firstObserved: '2026-06-15',
      },
      events: gone ? [{ event: 'delisted', observed: '2026-06-15', lastSeen: null }] : [],
      platformDelistings: gone ? [delisted] : [],
    });
  }
  const comments = Array.from({ length: 24 }, (_, i) => {
    const seen = i < 10 ? '2026-06-15' : addDays('2026-06-16', Math.floor(rand() * 100));
    const reply = i !== 3 && rand() < 0.6 ? addDays(seen, 1 + Math.floor(rand() * 30)) : null;
    return {
      commentId: String(1000 + i),
      datasetId: String(70000 + i * 7),
      body: i === 3 ? '<script>alert(1)</script> 欄位說明不清楚' : `請補充資料欄位說明 ${i}`,
      firstSeenDate: seen,
      replyDate: reply,
      removedDate: null,
    };
  });
  const requests = Array.from({ length: 9 }, (_, i) => {
    const submitted = addDays('2024-01-10', i * 97);
    return {
      requestId: String(200 + i),
      title: ['青年勞工就業狀況', '職災統計細項', '外籍勞工聘僱許可', '職訓課程滿意度'][i % 4]!,
      agencyName: MOL_FAMILY[i % MOL_FAMILY.length]!.name,
      status: i % 3 === 0 ? '未回復' : '已回復',
      submittedOn: submitted,
      repliedOn: i % 3 === 0 ? null : addDays(submitted, 20),
      firstSeenDate: '2026-06-15',
    };
  });
  return {
    quarter: parseQuarter(quarter)!,
    generatedAt: new Date('2026-10-01T01:00:00Z'),
    publishers: MOL_FAMILY,
    planItems: items,
    planLabels: ['104-1'],
    datasets,
    decisions: [],
    delayNotes: [
      { planKey: 'mol-104-1#43', reason: '配合法規修正，資料欄位尚未定案', expectedDate: '2026-12-31' },
      { planKey: 'mol-104-1#28', reason: '系統改版中', expectedDate: '2027-03-31' },
    ],
    comments,
    requests,
    observed: { comments: '2026-06-15', requests: '2026-06-15', catalogue: '2026-06-15' },
  };
}
