/**
 * Slowly adapting robust location and scale: an exponentially weighted mean and mean absolute
 * deviation whose updates are clipped at `clip` scales, so isolated outliers barely move them while
 * a sustained shift is absorbed over ~1/alpha points. Plain running estimates during warm-up.
 */
export class RobustEw {
  mean = NaN;
  /** Mean absolute deviation; σ ≈ 1.2533 × this for Gaussian noise. */
  mad = NaN;
  count = 0;

  constructor(
    private readonly alpha: number,
    private readonly clip = 3,
    private readonly warmup = 30,
  ) {}

  get sigma(): number {
    return 1.2533 * this.mad;
  }

  update(x: number): void {
    const n = ++this.count;
    if (n === 1) {
      this.mean = x;
      this.mad = 0;
      return;
    }
    const d = x - this.mean;
    if (n <= this.warmup) {
      this.mean += d / n;
      this.mad += (Math.abs(d) - this.mad) / n;
      return;
    }
    const floor = 1e-9 * (Math.abs(this.mean) + 1);
    const lim = this.clip * Math.max(this.sigma, floor);
    const dc = d > lim ? lim : d < -lim ? -lim : d;
    this.mean += this.alpha * dc;
    this.mad += this.alpha * (Math.abs(dc) - this.mad);
  }

  reset(): void {
    this.mean = NaN;
    this.mad = NaN;
    this.count = 0;
  }
}
