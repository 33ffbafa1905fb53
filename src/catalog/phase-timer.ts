/** Where a run's time goes, phase by phase (recorded in the run's counters). */
export class PhaseTimer {
  readonly ms: Record<string, number> = {};
  private start = performance.now();

  /** Add the time since the previous phase ended to `name`. */
  end(name: string): void {
    const t = performance.now();
    this.ms[name] = Math.round((this.ms[name] ?? 0) + t - this.start);
    this.start = t;
  }
}
