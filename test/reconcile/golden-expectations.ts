/** Where the matcher is deliberately more careful than the fake platform fixture's expectations. */
import type { ItemStatusKind } from '../../src/reconcile/index.js';
import { MOL_PLAN_DATASETS } from '../../tools/fake-platform/fixture/mol-plan-datasets.js';

/**
 * Items the matcher sends to a person (needs_review) although the fixture expects a published
 * status: the platform title adds or drops several words and no candidate reaches the high
 * threshold. The right dataset is always the chosen candidate. #35 has no dataset on the platform;
 * its best candidate (失業者職業訓練資料) is similar enough to ask. #7 (訴願案件 ↔ 勞動部訴願決定書)
 * shares one word only: the matcher finds no candidate ≥ low and calls it overdue.
 */
export const DEVIATIONS: Record<number, { status: ItemStatusKind; datasetId: string | null }> = {
  1: { status: 'needs_review', datasetId: '25901' },
  7: { status: 'overdue', datasetId: null },
  10: { status: 'needs_review', datasetId: '26701' },
  24: { status: 'needs_review', datasetId: '25202' },
  35: { status: 'needs_review', datasetId: '63895' },
  36: { status: 'needs_review', datasetId: '24980' },
  37: { status: 'needs_review', datasetId: '28900' },
  38: { status: 'needs_review', datasetId: '25400' },
  46: { status: 'needs_review', datasetId: '28503' },
  47: { status: 'needs_review', datasetId: '28504' },
  48: { status: 'needs_review', datasetId: '28505' },
};

/** The status and dataset each seed item must get against the fixture. */
export function goldenExpectation(
  seq: number,
  asOf: string,
): { status: ItemStatusKind; datasetId: string | null } {
  // #35's best look-alike changes once 97785 職業訓練機構統計 is published (2020-09-10).
  if (seq === 35 && asOf >= '2020-09-10') return { status: 'needs_review', datasetId: '97785' };
  const deviation = DEVIATIONS[seq];
  if (deviation) return deviation;
  const entry = MOL_PLAN_DATASETS.find((e) => e.item === seq);
  if (!entry) throw new Error(`no fixture entry for item ${seq}`);
  return { status: entry.expected, datasetId: entry.dataset?.id ?? null };
}
