import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reportSchema } from '../../schemas/report.js';
import { ageingBucket, buildReportModel, renderJson } from '../../src/report/index.js';
import { fixtureInput, makeItem } from './fixtures.js';

const GOLDEN = new URL('./golden/report.json', import.meta.url);

describe('report model', () => {
  it('report.json of the fixture matches the committed golden file and the schema', () => {
    const json = renderJson(buildReportModel(fixtureInput()));
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, json);
    expect(reportSchema.safeParse(JSON.parse(json)).success).toBe(true);
    // Compared without whitespace (a formatter may reflow the golden file) but with key order.
    const compact = (text: string) => JSON.stringify(JSON.parse(text));
    expect(compact(json)).toBe(compact(readFileSync(GOLDEN, 'utf8')));
  });

  it('rolls sub-units up into their agency and lists them beneath it', () => {
    const model = buildReportModel(
      fixtureInput({
        listedByPublisher: [
          { publisher: '勞動部勞動力發展署', agency: '勞動部勞動力發展署', datasets: 3 },
          { publisher: '勞動部勞動力發展署技能檢定中心', agency: '勞動部勞動力發展署', datasets: 2 },
          { publisher: '勞動部勞動力發展署桃竹苗分署', agency: '勞動部勞動力發展署', datasets: 4 },
          { publisher: '勞動部勞工保險局', agency: '勞動部勞工保險局', datasets: 5 },
        ],
      }),
    );
    expect(model.agencySummary).toEqual([
      {
        agency: '勞動部勞動力發展署',
        datasets: 9,
        subUnits: [
          { name: '勞動部勞動力發展署桃竹苗分署', datasets: 4 },
          { name: '勞動部勞動力發展署技能檢定中心', datasets: 2 },
        ],
      },
      { agency: '勞動部勞工保險局', datasets: 5, subUnits: [] },
    ]);
  });

  it('counts statuses and lists only discrepancies open on the as-of date', () => {
    const { report } = buildReportModel(fixtureInput());
    expect(report.summary).toEqual({
      planItems: 14,
      byStatus: {
        published_on_time: 2,
        published_late: 2,
        overdue: 5,
        pending: 2,
        missing: 1,
        needs_review: 2,
      },
    });
    const ids = report.discrepancies.map((d) => d.id);
    expect(ids).toHaveLength(14);
    expect(ids).not.toContain('90'); // resolved before the as-of date
    expect(ids).not.toContain('120'); // first seen after the as-of date
  });

  it('sorts overdue items by days overdue with ageing buckets', () => {
    const model = buildReportModel(fixtureInput());
    expect(model.overdue.map((o) => [o.item.seq, o.item.overdueDays, o.bucket])).toEqual([
      [37, 456, 'd366_plus'],
      [20, 213, 'd181_365'],
      [9, 152, 'd91_180'],
      [2, 60, 'd31_90'],
      [7, 60, 'd31_90'],
    ]);
    expect(model.ageing).toEqual({ d1_30: 0, d31_90: 2, d91_180: 1, d181_365: 1, d366_plus: 1 });
    expect([1, 30, 31, 90, 91, 180, 181, 365, 366].map(ageingBucket)).toEqual([
      'd1_30',
      'd1_30',
      'd31_90',
      'd31_90',
      'd91_180',
      'd91_180',
      'd181_365',
      'd181_365',
      'd366_plus',
    ]);
  });

  it('finds what is new and what was resolved since the previous report', () => {
    const model = buildReportModel(fixtureInput());
    expect(model.newSincePrevious.map((d) => d.id).sort()).toEqual(['108', '109', '112', '113']);
    expect(model.resolvedSincePrevious.map((d) => d.id)).toEqual(['92', '91']);
    const first = buildReportModel(fixtureInput({ previous: null }));
    expect(first.newSincePrevious).toHaveLength(first.report.discrepancies.length);
    expect(first.resolvedSincePrevious).toEqual([]);
  });

  it('orders plan items naturally and candidates by score', () => {
    const model = buildReportModel(
      fixtureInput({
        items: [
          makeItem({ seq: 10, title: 'b', status: 'pending' }),
          makeItem({ seq: 2, title: 'a', status: 'needs_review' }),
        ],
        candidates: {
          '104-1#2': [
            { datasetId: '1', title: 'x', publisher: null, publishedDate: null, score: 0.5 },
            { datasetId: '2', title: 'y', publisher: null, publishedDate: null, score: 0.7 },
          ],
        },
      }),
    );
    expect(model.report.items.map((i) => i.seq)).toEqual([2, 10]);
    expect(model.needsReview[0]?.candidates.map((c) => c.datasetId)).toEqual(['2', '1']);
    expect(model.unitSummary).toEqual([
      {
        unit: '勞動關係司',
        total: 2,
        byStatus: expect.objectContaining({ pending: 1, needs_review: 1 }) as unknown,
      },
    ]);
  });

  it('refuses to write a report.json that breaks the contract', () => {
    const model = buildReportModel(fixtureInput());
    const broken = { ...model, report: { ...model.report, asOf: '2016-02-30' } };
    expect(() => renderJson(broken)).toThrow(/asOf: not a calendar date/);
    const miscounted = {
      ...model,
      report: { ...model.report, summary: { ...model.report.summary, planItems: 3 } },
    };
    expect(() => renderJson(miscounted)).toThrow(/summary.planItems/);
  });
});
