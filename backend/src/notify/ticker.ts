/**
 * Runs an async pass every `intervalMs` (never two at once) until stopped. A pass that reports more
 * work (`true`) is followed at once by the next. `stop()` waits for the pass in progress.
 */
export class Ticker {
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<void> | null = null;
  private running = false;

  constructor(
    private readonly pass: () => Promise<boolean>,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Runs the next pass now instead of at the end of the interval. */
  kick(): void {
    if (this.running && this.current === null) this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.current;
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.current = this.pass().then(
        (more) => this.finish(more),
        (error: unknown) => {
          this.onError(error);
          this.finish(false);
        },
      );
    }, delayMs);
  }

  private finish(more: boolean): void {
    this.current = null;
    if (this.running) this.schedule(more ? 0 : this.intervalMs);
  }
}
