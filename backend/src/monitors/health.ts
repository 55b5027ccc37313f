import type { PipelineHealth } from '../contract/monitors';

/**
 * The checking pipeline's health: degraded when evaluation lags (now − last completed check >
 * 2 × interval), right after checks were missed (until the next regular check), or when the last
 * check failed. An interval of 0 means checks run only on request (no lag rule).
 */
export class PipelineMonitor {
  private lastCheckAt: number | null = null;
  private missed = 0;
  private missedAt: number | null = null;
  private failure: string | null = null;
  private ingested = 0;

  constructor(
    readonly intervalMs: number,
    private readonly startedAt: number,
  ) {}

  /** A check completed at `at` (wall clock), or failed with `error`. */
  completed(at: number, error?: string): void {
    if (this.lastCheckAt !== null) {
      const skipped = this.intervalMs > 0 ? Math.round((at - this.lastCheckAt) / this.intervalMs) - 1 : 0;
      if (skipped >= 1) {
        this.missed += skipped;
        this.missedAt = at;
      } else if (!error) this.missedAt = null;
    }
    this.failure = error ?? null;
    if (!error) this.lastCheckAt = at;
  }

  /** Resumes from the last check a previous process completed (restart). */
  resume(lastCheckAt: number | null, missedTotal: number): void {
    this.lastCheckAt = lastCheckAt;
    this.missed = missedTotal;
  }

  countIngested(n: number): void {
    this.ingested += n;
  }

  get lastCheck(): number | null {
    return this.lastCheckAt;
  }

  get missedTotal(): number {
    return this.missed;
  }

  health(now: number): PipelineHealth {
    const since = this.lastCheckAt ?? this.startedAt;
    const lag = Math.max(0, now - since);
    const reasons: string[] = [];
    if (this.intervalMs > 0 && lag > 2 * this.intervalMs)
      reasons.push(
        `checks lag: the last completed check was ${Math.round(lag / 1000)} s ago (interval ${this.intervalMs / 1000} s)`,
      );
    if (this.missedAt !== null)
      reasons.push(
        `checks were missed before the last one (${this.missed} missed since the store was created)`,
      );
    if (this.failure) reasons.push(`the last check failed: ${this.failure}`);
    return {
      status: reasons.length ? 'degraded' : 'ok',
      reasons,
      check_interval_seconds: this.intervalMs / 1000,
      last_check_at: this.lastCheckAt === null ? null : new Date(this.lastCheckAt).toISOString(),
      check_lag_seconds: this.lastCheckAt === null ? 0 : lag / 1000,
      checks_missed_total: this.missed,
      events_ingested_total: this.ingested,
    };
  }
}
