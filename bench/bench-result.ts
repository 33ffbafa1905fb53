/** One measured figure of a benchmark module (`run(): Promise<BenchResult[]>`). */
export interface BenchResult {
  /** What was measured, e.g. "reconcile 5,000 plan items × 60,000 datasets". */
  name: string;
  value: number;
  unit: string;
  /** The target this figure must meet, when there is one (same unit; lower is better). */
  target?: number;
  /** Extra facts worth printing (counts, rates). */
  detail?: Record<string, unknown>;
}
