/**
 * Runs `tick` every `intervalMs`, aligned to the wall clock (12:00, 12:05, …) so checks land just
 * after buckets become evaluable. On start, a check is due at once when the last one a previous
 * process completed is older than the interval (a restart resumes the schedule). Ticks never overlap.
 */
export class CheckScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly intervalMs: number,
    private readonly tick: (now: number) => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {}

  start(lastCheck: number | null): void {
    if (this.intervalMs <= 0) return;
    const overdue = lastCheck === null || this.now() - lastCheck >= this.intervalMs;
    if (overdue) this.schedule(0);
    else this.scheduleNext();
  }

  /** Stops the timer and waits for a running tick to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private scheduleNext(): void {
    const now = this.now();
    // A second past the boundary, so the bucket that just became evaluable is the one checked.
    const next = Math.floor(now / this.intervalMs) * this.intervalMs + this.intervalMs + 1_000;
    this.schedule(next - now);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick(this.now())
        .catch(() => undefined)
        .finally(() => {
          this.running = null;
          this.scheduleNext();
        });
    }, delayMs);
    this.timer.unref();
  }
}
