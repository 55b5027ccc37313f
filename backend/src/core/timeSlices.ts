/** Lets the event loop run (I/O, timers, other requests) before continuing. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Cooperative time slicing for long synchronous work on the event loop: call `pause()` between
 * units of work; it yields once the current slice has run for `sliceMs`, so no request waits longer.
 */
export class TimeSlices {
  private started = performance.now();

  constructor(private readonly sliceMs = 8) {}

  async pause(): Promise<void> {
    if (performance.now() - this.started < this.sliceMs) return;
    await yieldToEventLoop();
    this.started = performance.now();
  }
}
