/** Bias-corrected exponentially weighted mean: the weighted average of what was seen, recent first. */
export class EwMean {
  private num = 0;
  private den = 0;

  constructor(private readonly alpha: number) {}

  add(x: number): void {
    this.num = (1 - this.alpha) * this.num + this.alpha * x;
    this.den = (1 - this.alpha) * this.den + this.alpha;
  }

  get value(): number {
    return this.den > 0 ? this.num / this.den : NaN;
  }

  get weight(): number {
    return this.den;
  }

  reset(): void {
    this.num = 0;
    this.den = 0;
  }
}
