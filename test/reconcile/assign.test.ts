import { describe, expect, it } from 'vitest';
import { maxWeightAssignment } from '../../src/reconcile/index.js';

/** Exhaustive maximum over all matchings (small graphs only). */
function bruteForce(left: number, right: number, w: Map<string, number>): number {
  const used = new Array<boolean>(right).fill(false);
  const go = (i: number): number => {
    if (i === left) return 0;
    let best = go(i + 1); // i stays unmatched
    for (let j = 0; j < right; j++) {
      const weight = w.get(`${i},${j}`);
      if (weight === undefined || used[j]) continue;
      used[j] = true;
      best = Math.max(best, weight + go(i + 1));
      used[j] = false;
    }
    return best;
  };
  return go(0);
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('maxWeightAssignment', () => {
  it('beats greedy on the classic counter-example', () => {
    // Left 0 prefers right 0 (10) over right 1 (9); left 1 only has right 0 (8).
    const pairing = maxWeightAssignment(2, 2, [
      { left: 0, right: 0, weight: 10 },
      { left: 0, right: 1, weight: 9 },
      { left: 1, right: 0, weight: 8 },
    ]);
    expect([...pairing]).toEqual([1, 0]);
  });

  it('leaves a node unmatched when that gives the larger total', () => {
    const pairing = maxWeightAssignment(2, 1, [
      { left: 0, right: 0, weight: 10 },
      { left: 1, right: 0, weight: 3 },
    ]);
    expect([...pairing]).toEqual([0, -1]);
  });

  it('equals the exhaustive optimum on 300 random sparse graphs', () => {
    const random = rng(42);
    for (let round = 0; round < 300; round++) {
      const left = 1 + Math.floor(random() * 6);
      const right = 1 + Math.floor(random() * 6);
      const w = new Map<string, number>();
      const edges = [];
      for (let i = 0; i < left; i++) {
        for (let j = 0; j < right; j++) {
          if (random() < 0.5) {
            const weight = 1 + Math.floor(random() * 100);
            w.set(`${i},${j}`, weight);
            edges.push({ left: i, right: j, weight });
          }
        }
      }
      const pairing = maxWeightAssignment(left, right, edges);
      const seen = new Set<number>();
      let total = 0;
      pairing.forEach((j, i) => {
        if (j < 0) return;
        expect(seen.has(j)).toBe(false);
        seen.add(j);
        const weight = w.get(`${i},${j}`);
        expect(weight).toBeDefined();
        total += weight!;
      });
      expect(total).toBe(bruteForce(left, right, w));
    }
  });

  it('is deterministic and rejects bad weights', () => {
    const edges = [
      { left: 0, right: 0, weight: 5 },
      { left: 1, right: 0, weight: 5 },
      { left: 1, right: 1, weight: 5 },
      { left: 0, right: 1, weight: 5 },
    ];
    expect([...maxWeightAssignment(2, 2, edges)]).toEqual([...maxWeightAssignment(2, 2, edges)]);
    expect(() => maxWeightAssignment(1, 1, [{ left: 0, right: 0, weight: 0.5 }])).toThrow(/positive integer/);
  });
});
