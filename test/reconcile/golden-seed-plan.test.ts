/**
 * Golden test: the seed plan (48 items of the 2015 minutes, parsed by the plan stage) against the
 * fake platform's fixture, which says for each item what was published and the expected
 * status. Everything the fixture holds is offered to the matcher, other ministries' same-titled
 * datasets included (the publisher gate must keep them out).
 *
 * Where the matcher is deliberately more careful than the fixture's author, the item is listed in
 * DEVIATIONS with the reason; every other item must get exactly the fixture's status and dataset.
 */
import { describe, expect, it } from 'vitest';
import { MOL_FAMILY } from '../../src/publishers/index.js';
import { reconcile, type DatasetInput } from '../../src/reconcile/index.js';
import { generateFixture } from '../../tools/fake-platform/fixture/generate.js';
import {
  MOL_PLAN_DATASETS,
  OTHER_MINISTRY_TWINS,
} from '../../tools/fake-platform/fixture/mol-plan-datasets.js';
import { DEVIATIONS } from './golden-expectations.js';
import { seedPlanItems } from './seed-plan.js';

const AS_OF = '2017-06-30';

function fixtureDatasets(): DatasetInput[] {
  return generateFixture().map((d) => ({
    datasetId: d.id,
    title: d.title,
    description: d.description,
    // As the catalogue stores them: 主要欄位說明 split on `;`, the contact as written.
    fields: d.fields
      .split(';')
      .map((f) => f.trim())
      .filter(Boolean),
    contactName: d.contactName,
    publisherName: d.publisher,
    updateFrequency: d.updateFrequency,
    publishedDate: d.publishedAt.slice(0, 10),
    modifiedDate: d.modifiedAt ? d.modifiedAt.slice(0, 10) : null,
    // Delisted before the first sync: the first sync records it on its own date.
    delistedDate: d.listed === false ? '2017-01-01' : null,
  }));
}

const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

describe('seed plan × fake platform fixture (golden)', () => {
  const items = seedPlanItems();
  const result = reconcile(
    { asOf: AS_OF, planItems: items, datasets: fixtureDatasets() },
    { match: { agencies: MOL_FAMILY } },
  );
  const statusOf = new Map(result.statuses.map((s) => [s.planKey, s]));
  const matchOf = new Map(result.matches.map((m) => [m.planKey, m]));

  it.each(MOL_PLAN_DATASETS.map((e) => [e.item, e.planTitle, e] as const))(
    'item %i %s',
    (seq, _title, entry) => {
      const s = statusOf.get(`mol-104-1#${seq}`)!;
      expect(s.dueDate).toBe(entry.due);
      const deviation = DEVIATIONS[seq];
      if (deviation) {
        expect({ seq, status: s.status, datasetId: s.datasetId }).toEqual({ seq, ...deviation });
        return;
      }
      expect({ seq, status: s.status }).toEqual({ seq, status: entry.expected });
      if (entry.dataset) {
        expect(s.datasetId).toBe(entry.dataset.id);
        expect(matchOf.get(s.planKey)!.method).toBe('auto');
        if (entry.expected !== 'missing') {
          expect(s.publishedDate).toBe(entry.dataset.publishedAt.slice(0, 10));
          expect(s.lagDays).toBe(days(entry.due, s.publishedDate!));
        }
      } else {
        expect(s.datasetId).toBeNull();
        expect(s.overdueDays).toBe(days(entry.due, AS_OF));
      }
    },
  );

  it('counts per status', () => {
    expect(result.summary.byStatus).toEqual({
      published_on_time: 26,
      published_late: 11,
      overdue: 5,
      pending: 0,
      missing: 2,
      needs_review: 4,
    });
  });

  it('never auto-matches a wrong dataset, nor another ministry’s same-titled one', () => {
    const twinIds = new Set<string>(OTHER_MINISTRY_TWINS.map((t) => t.id));
    for (const e of MOL_PLAN_DATASETS) {
      const m = matchOf.get(`mol-104-1#${e.item}`)!;
      if (m.outcome === 'matched') expect([e.item, m.datasetId]).toEqual([e.item, e.dataset?.id]);
      expect(twinIds.has(m.datasetId ?? '')).toBe(false);
    }
  });

  it('explains every needs_review with the candidate, its score components and the thresholds', () => {
    for (const m of result.matches.filter((x) => x.outcome === 'needs_review')) {
      expect(m.evidence.chosen).not.toBeNull();
      expect(m.evidence.chosen!.score).toBeGreaterThanOrEqual(0.55);
      expect(m.evidence.candidates.map((c) => c.datasetId)).toContain(m.datasetId);
      // A consolation pairing (its best candidate went to a twin) may score above high.
      if (m.evidence.reason === 'displaced') expect(m.evidence.runnerUp!.takenBy).not.toBeNull();
      else {
        expect(m.evidence.reason).toBe('below_high');
        expect(m.evidence.chosen!.score).toBeLessThan(0.75);
      }
    }
  });
});
