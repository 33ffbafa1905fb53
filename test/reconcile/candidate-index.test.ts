import { describe, expect, it } from 'vitest';
import { CandidateIndex } from '../../src/reconcile/candidate-index.js';
import { bigramFeatures, createTitleNormalizer } from '../../src/reconcile/index.js';

const n = createTitleNormalizer();
const features = (title: string) => bigramFeatures(n.normalize(title));

describe('candidate index', () => {
  it('proposes only documents sharing features, best first', () => {
    const docs = ['大量解僱通報', '大量解僱預警通報', '基本工資之制定與調整經過', 'NTQP最新消息'].map(
      features,
    );
    const index = new CandidateIndex(docs);
    const hits = index.query(features('大量解僱通報資料集'), 10);
    expect(hits.map((h) => h.doc)).toEqual([0, 1]);
    expect(hits[0]!.approx).toBeGreaterThan(hits[1]!.approx);
    expect(index.query(features('完全無關'), 10)).toEqual([]);
  });

  it('skips very common features when rarer ones exist, and falls back to the rarest otherwise', () => {
    // 勞工 appears everywhere; 退休 only in one document.
    const docs = [
      ...Array.from({ length: 40 }, (_, i) => features(`勞工統計第${i}號`)),
      features('勞工退休金'),
    ];
    const index = new CandidateIndex(docs, { commonMin: 5, commonShare: 0.1 });
    expect(index.query(features('勞工退休'), 5).map((h) => h.doc)).toEqual([40]);
    // Only common features: still answers, from the rarest ones.
    expect(index.query(features('勞工'), 3)).toHaveLength(3);
  });

  it('keeps at most `limit` hits', () => {
    const docs = Array.from({ length: 100 }, (_, i) => features(`職業訓練${i}`));
    expect(new CandidateIndex(docs).query(features('職業訓練'), 7)).toHaveLength(7);
  });
});
