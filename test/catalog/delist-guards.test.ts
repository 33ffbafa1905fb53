import { describe, expect, it } from 'vitest';
import { delistGuards, fullPassShortfalls, type DelistCandidate } from '../../src/catalog/delist-guards.js';

const candidates: DelistCandidate[] = [
  { datasetId: '1', source: 'full_pass' },
  { datasetId: '2', source: 'changed_export' },
  { datasetId: '3', source: 'full_pass' },
];

it('a complete pass applies every candidate', () => {
  expect(delistGuards({ candidates, partialReasons: [] })).toEqual({
    apply: candidates,
    withheld: [],
    reason: null,
  });
});

it('a partial pass applies nothing, whatever the source, and says how many were held back from where', () => {
  for (const reason of [
    '1 record(s) quarantined',
    'full pass incomplete, nothing delisted: …',
    'unpublished list not read',
  ]) {
    const r = delistGuards({ candidates, partialReasons: [reason] });
    expect(r.apply).toEqual([]);
    expect(r.withheld).toEqual(candidates);
    expect(r.reason).toBe(
      'pass partial, 3 delisting(s) withheld until a complete pass (2 from full_pass, 1 from changed_export)',
    );
  }
  for (const source of ['changed_export', 'unpublished_list', 'full_pass'] as const) {
    expect(delistGuards({ candidates: [{ datasetId: '9', source }], partialReasons: ['x'] }).apply).toEqual(
      [],
    );
  }
});

it('a partial pass with nothing to delist has no reason to add', () => {
  expect(delistGuards({ candidates: [], partialReasons: ['x'] })).toEqual({
    apply: [],
    withheld: [],
    reason: null,
  });
});

describe('fullPassShortfalls', () => {
  const base = {
    exportRows: 1000,
    oursRows: 200,
    previous: { exportRows: 1000, oursRows: 200 },
    platformCount: 1000,
    keylessInvalid: 0,
    dropThreshold: 0.1,
    countTolerance: 0.02,
  };

  it('finds nothing wrong with a pass like the last complete one', () => {
    expect(fullPassShortfalls(base)).toEqual([]);
    expect(fullPassShortfalls({ ...base, previous: null, platformCount: null })).toEqual([]);
    // Exactly at the threshold is still complete.
    expect(fullPassShortfalls({ ...base, exportRows: 900, platformCount: 900 })).toEqual([]);
  });

  it('names each shortfall: fewer rows, fewer of ours, short of the platform count, unreadable rows', () => {
    expect(fullPassShortfalls({ ...base, exportRows: 899, platformCount: null })).toEqual([
      'export has 899 rows, the last complete pass had 1000 (more than 10% fewer)',
    ]);
    expect(fullPassShortfalls({ ...base, oursRows: 179 })).toEqual([
      '179 of our datasets listed, the last complete pass had 200 (more than 10% fewer)',
    ]);
    expect(fullPassShortfalls({ ...base, previous: null, exportRows: 979 })).toEqual([
      'export has 979 rows but the platform counts 1000 datasets (export truncated?)',
    ]);
    expect(fullPassShortfalls({ ...base, keylessInvalid: 2 })).toEqual([
      '2 export record(s) unreadable without a dataset id',
    ]);
  });

  it('a first pass with none of ours before is not held back by the ours-rows guard', () => {
    expect(fullPassShortfalls({ ...base, oursRows: 0, previous: { exportRows: 1000, oursRows: 0 } })).toEqual(
      [],
    );
  });
});
