/**
 * Maximum-weight bipartite matching on a sparse candidate graph: the best overall pairing of plan
 * items (left) and datasets (right), each used at most once. Exact, not greedy: successive shortest
 * augmenting paths with Dijkstra and node potentials (the Hungarian method on a sparse graph).
 * Every left node has a private "stay unmatched" option of weight 0, so the result is the
 * maximum-weight matching, not a forced perfect one. Weights are integers (no float drift), and
 * ties resolve by index, so the same input always gives the same pairing.
 */

export interface AssignmentEdge {
  left: number;
  right: number;
  /** Positive integer. */
  weight: number;
}

/** Returns, for each left node, the right node it is paired with or -1. */
export function maxWeightAssignment(
  leftCount: number,
  rightCount: number,
  edges: readonly AssignmentEdge[],
): Int32Array {
  const result = new Int32Array(leftCount).fill(-1);
  if (leftCount === 0 || edges.length === 0) return result;

  let maxWeight = 0;
  for (const e of edges) {
    if (!Number.isInteger(e.weight) || e.weight <= 0)
      throw new RangeError(`edge weight must be a positive integer: ${e.weight}`);
    if (e.left < 0 || e.left >= leftCount || e.right < 0 || e.right >= rightCount)
      throw new RangeError('edge out of range');
    if (e.weight > maxWeight) maxWeight = e.weight;
  }
  // Costs: real edge W − w ≥ 0; dummy (unmatched) W. Right node rightCount + i is left i's dummy.
  const adjacency: { right: number; cost: number }[][] = Array.from({ length: leftCount }, () => []);
  for (const e of edges) adjacency[e.left]!.push({ right: e.right, cost: maxWeight - e.weight });
  for (let i = 0; i < leftCount; i++) {
    adjacency[i]!.sort((a, b) => a.cost - b.cost || a.right - b.right);
    adjacency[i]!.push({ right: rightCount + i, cost: maxWeight });
  }

  const nodesR = rightCount + leftCount;
  const matchL = new Int32Array(leftCount).fill(-1);
  const matchR = new Int32Array(nodesR).fill(-1);
  const phiL = new Float64Array(leftCount);
  const phiR = new Float64Array(nodesR);
  const distR = new Float64Array(nodesR);
  const distL = new Float64Array(leftCount);
  const prevR = new Int32Array(nodesR);
  const seenR = new Int32Array(nodesR); // stamp: distance set in this round
  const doneR = new Int32Array(nodesR); // stamp: finalised in this round
  const heap = new MinHeap();
  const scannedL: number[] = [];
  const finalR: number[] = [];

  for (let s = 0; s < leftCount; s++) {
    const stamp = s + 1;
    heap.clear();
    scannedL.length = 0;
    finalR.length = 0;
    const scan = (i: number, d: number) => {
      distL[i] = d;
      scannedL.push(i);
      for (const { right: j, cost } of adjacency[i]!) {
        if (matchL[i] === j || doneR[j] === stamp) continue;
        const nd = d + cost + phiL[i]! - phiR[j]!;
        if (seenR[j] !== stamp || nd < distR[j]!) {
          seenR[j] = stamp;
          distR[j] = nd;
          prevR[j] = i;
          heap.push(nd, j);
        }
      }
    };
    scan(s, 0);
    let target = -1;
    while (heap.size > 0) {
      const j = heap.popNode();
      if (doneR[j] === stamp) continue;
      doneR[j] = stamp;
      finalR.push(j);
      const holder = matchR[j]!;
      if (holder === -1) {
        target = j;
        break;
      }
      scan(holder, distR[j]!);
    }
    if (target === -1)
      throw new Error('assignment: no augmenting path (unreachable: every item has a dummy)');
    const dt = distR[target]!;
    for (const i of scannedL) if (distL[i]! < dt) phiL[i]! += distL[i]! - dt;
    for (const j of finalR) if (distR[j]! < dt) phiR[j]! += distR[j]! - dt;
    // Augment along prevR.
    let j = target;
    for (;;) {
      const i = prevR[j]!;
      const old = matchL[i]!;
      matchL[i] = j;
      matchR[j] = i;
      if (i === s) break;
      j = old;
    }
  }
  for (let i = 0; i < leftCount; i++) result[i] = matchL[i]! < rightCount ? matchL[i]! : -1;
  return result;
}

/** Binary min-heap of (key, node), ties by node index. */
class MinHeap {
  private keys: number[] = [];
  private nodes: number[] = [];
  get size(): number {
    return this.keys.length;
  }
  clear(): void {
    this.keys.length = 0;
    this.nodes.length = 0;
  }
  private less(a: number, b: number): boolean {
    const ka = this.keys[a]!;
    const kb = this.keys[b]!;
    return ka < kb || (ka === kb && this.nodes[a]! < this.nodes[b]!);
  }
  private swap(a: number, b: number): void {
    [this.keys[a], this.keys[b]] = [this.keys[b]!, this.keys[a]!];
    [this.nodes[a], this.nodes[b]] = [this.nodes[b]!, this.nodes[a]!];
  }
  push(key: number, node: number): void {
    this.keys.push(key);
    this.nodes.push(node);
    let i = this.keys.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }
  popNode(): number {
    const top = this.nodes[0]!;
    const lastKey = this.keys.pop()!;
    const lastNode = this.nodes.pop()!;
    if (this.keys.length > 0) {
      this.keys[0] = lastKey;
      this.nodes[0] = lastNode;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.keys.length && this.less(l, m)) m = l;
        if (r < this.keys.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
}
