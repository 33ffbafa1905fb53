import { expect, it } from 'vitest';
import { delistGuards, type DelistCandidate } from '../../src/catalog/delist-guards.js';

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
