/** How the report shows a group match (one item, several datasets) and an overdue item's 可能相符. */
import { describe, expect, it } from 'vitest';
import { buildReportModel, renderHtml, renderJson } from '../../src/report/index.js';
import { groupAndPossible } from '../../src/report/assemble-report-input.js';
import { groupAndOverdueCase } from '../reconcile/group-case.js';
import { fixtureInput, makeItem } from './fixtures.js';

const grouped = makeItem({
  seq: 90,
  title: '國內投資股票類別統計資訊',
  status: 'published_on_time',
  datasetId: '7101',
  datasetTitle: '勞工保險基金國內投資股票類別',
  datasetIds: ['7101', '7102'],
  publishedDate: '2016-10-20',
  lagDays: -72,
  match: { method: 'auto', score: 0.9 },
});
const overdue = makeItem({
  seq: 91,
  title: '罹災者受傷部位統計數據',
  status: 'overdue',
  dueDate: '2015-08-31',
  overdueDays: 213,
  possibleMatches: [
    {
      datasetId: '7201',
      title: '職業災害統計行業別與<b>受傷部位</b>統計數據',
      publisher: '勞動部職業安全衛生署',
      publishedDate: '2015-09-01',
      score: 0.513,
    },
  ],
});

function model() {
  const base = fixtureInput();
  return buildReportModel({ ...base, items: [...base.items, grouped, overdue] });
}

describe('report matches', () => {
  it('report.json lists every dataset of a group and the possible matches (additive fields)', () => {
    const json = JSON.parse(renderJson(model())) as { items: Record<string, unknown>[] };
    const bySeq = (seq: number) => json.items.find((i) => i.seq === seq)!;
    expect(bySeq(90).datasetIds).toEqual(['7101', '7102']);
    expect(bySeq(91).possibleMatches).toEqual([expect.objectContaining({ datasetId: '7201', score: 0.513 })]);
    // Items without either keep the earlier shape.
    expect(Object.keys(bySeq(1))).not.toContain('datasetIds');
    expect(Object.keys(bySeq(1))).not.toContain('possibleMatches');
  });

  it('report.html shows 可能相符 under the overdue item (escaped) and every dataset of a group', () => {
    const page = renderHtml(model());
    const overdueSection = page.slice(
      page.indexOf('id="overdue"'),
      page.indexOf('</section>', page.indexOf('id="overdue"')),
    );
    expect(overdueSection).toContain('可能相符');
    expect(overdueSection).toContain('https://data.gov.tw/dataset/7201');
    expect(overdueSection).toContain('&lt;b&gt;受傷部位&lt;/b&gt;');
    expect(page).toContain('https://data.gov.tw/dataset/7102');
  });

  it('shows no 可能相符 when no overdue item has one', () => {
    expect(renderHtml(buildReportModel(fixtureInput()))).not.toContain('可能相符');
  });
});

describe('report.json fields from the matcher', () => {
  const { datasets, result: r } = groupAndOverdueCase();
  const byId = new Map(datasets.map((d) => [d.datasetId, d]));

  it('lists a group’s datasets, earliest first', () => {
    const s = r.statuses[0]!;
    expect(groupAndPossible(r.matches[0], s.status, s.datasetId, byId)).toEqual({
      datasetIds: [datasets[1]!.datasetId, datasets[0]!.datasetId],
    });
  });

  it('lists an overdue item’s possible matches, and nothing for another status', () => {
    const s = r.statuses[1]!;
    expect(s.status).toBe('overdue');
    expect(groupAndPossible(r.matches[1], s.status, null, byId)).toEqual({
      possibleMatches: [
        expect.objectContaining({ datasetId: datasets[2]!.datasetId, publishedDate: '2015-09-01' }),
      ],
    });
    expect(groupAndPossible(r.matches[1], 'pending', null, byId)).toEqual({});
  });
});
