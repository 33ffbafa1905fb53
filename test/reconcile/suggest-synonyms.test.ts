import { describe, expect, it } from 'vitest';
import { MOL_FAMILY } from '../../src/publishers/index.js';
import { differingPiece, mergeSynonyms, suggestSynonyms } from '../../src/reconcile/index.js';
import { confirm, makeDataset, makePlanItem, reject } from './builders.js';

const WDA = '勞動部勞動力發展署';
// The default table already knows the NTQP rename: take it out to see it learnt.
const options = { agencies: MOL_FAMILY, synonyms: mergeSynonyms({ NTQP: null }) };

describe('match suggest-synonyms', () => {
  const item = makePlanItem({ title: 'NTQP最新消息', agency: WDA, unit: '勞動力發展署' });
  const renamed = makeDataset({ title: 'NTDA最新消息', publisherName: WDA });

  it('finds the one differing piece of two titles', () => {
    expect(differingPiece('ntqp最新消息', 'ntda最新消息')).toEqual({ from: 'ntqp', to: 'ntda' });
    expect(differingPiece('職工福利委員會', '各地方勞工行政主管機關職工福利業務承辦人聯絡方式')).toBeNull();
    expect(differingPiece('工會基本', '全國工會基本')).toBeNull();
  });

  it('suggests the rename that would have made a confirmed pair automatic', () => {
    const list = suggestSynonyms({
      items: [item],
      datasets: [renamed],
      decisions: [confirm(item.planKey, renamed.datasetId)],
      options,
    });
    expect(list.map((s) => [s.from, s.to])).toEqual([['ntqp', 'ntda']]);
    expect(list[0]!.pairs[0]!.before).toBeLessThan(0.75);
    expect(list[0]!.pairs[0]!.after).toBeGreaterThanOrEqual(0.75);
  });

  it('suggests nothing for a rejected pair, an automatic one, or once the table has the entry', () => {
    const base = { items: [item], datasets: [renamed], options };
    expect(
      suggestSynonyms({
        ...base,
        decisions: [confirm(item.planKey, renamed.datasetId), reject(item.planKey, renamed.datasetId)],
      }),
    ).toEqual([]);
    expect(
      suggestSynonyms({
        ...base,
        options: { agencies: MOL_FAMILY },
        decisions: [confirm(item.planKey, renamed.datasetId)],
      }),
    ).toEqual([]);
  });
});

describe('differing pieces are whole words', () => {
  it.each([
    ['外勞收容情形', '外籍勞工收容情形', { from: '外勞', to: '外籍勞工' }],
    ['ntqp歷屆得獎名單', 'ntda歷屆得獎名單', { from: 'ntqp', to: 'ntda' }],
  ])('%s ↔ %s', (a, b, piece) => {
    expect(differingPiece(a, b)).toEqual(piece);
  });
});
