/**
 * Estimates a series' sampling interval as the median of its first `samples` positive gaps, then
 * freezes it (O(1) per point afterwards). `stepMs` is NaN until enough gaps were seen.
 */
export class StepEstimator {
  private readonly gaps: Float64Array;
  private count = 0;
  private lastTs = NaN;
  stepMs = NaN;

  constructor(private readonly samples = 32) {
    this.gaps = new Float64Array(samples);
  }

  update(timestampMs: number): void {
    if (this.count < this.samples && Number.isFinite(this.lastTs)) {
      const gap = timestampMs - this.lastTs;
      if (gap > 0) {
        this.gaps[this.count++] = gap;
        if (this.count === this.samples) {
          const sorted = this.gaps.slice().sort();
          this.stepMs = sorted[this.samples >> 1];
        }
      }
    }
    this.lastTs = timestampMs;
  }

  reset(): void {
    this.count = 0;
    this.lastTs = NaN;
    this.stepMs = NaN;
  }
}
