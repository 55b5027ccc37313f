import type { RequestHandler, Response } from 'express';

/** How long a client should wait before retrying a request refused or cut off by shutdown. */
const RETRY_AFTER_SECONDS = 5;
/** At the deadline, how long the 503 answers get to reach their clients. */
const FLUSH_MS = 2000;

const unavailable = (res: Response, detail: string): void => {
  res.set('Retry-After', String(RETRY_AFTER_SECONDS)).set('Connection', 'close').status(503).json({ detail });
};

/**
 * The requests being answered, for a graceful shutdown: once draining, new requests get 503 with
 * `Retry-After`; in-flight ones may finish until the deadline, then get 503 themselves.
 */
export class InFlight {
  private readonly active = new Set<Response>();
  private draining = false;
  private onIdle: (() => void) | null = null;

  get count(): number {
    return this.active.size;
  }

  middleware(): RequestHandler {
    return (_req, res, next) => {
      if (this.draining) {
        unavailable(res, 'the service is shutting down: retry shortly');
        return;
      }
      this.active.add(res);
      const done = (): void => {
        this.active.delete(res);
        if (this.active.size === 0) this.onIdle?.();
      };
      res.once('finish', done);
      res.once('close', done);
      next();
    };
  }

  /**
   * Refuses new requests and waits up to `graceMs` for in-flight ones; answers those still running
   * at the deadline with 503. Resolves with how many were cut off, once those answers are sent.
   */
  async drain(graceMs: number): Promise<{ cutOff: number }> {
    this.draining = true;
    const idle = new Promise<void>((resolve) => {
      this.onIdle = resolve;
      if (this.active.size === 0) resolve();
    });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), graceMs);
    });
    const outcome = await Promise.race([idle, deadline]);
    clearTimeout(timer);
    if (outcome !== 'deadline') return { cutOff: 0 };
    const late = [...this.active].filter((res) => !res.headersSent);
    const flushed = late.map(
      (res) => new Promise<void>((resolve) => res.once('close', resolve).once('finish', resolve)),
    );
    for (const res of late) {
      unavailable(
        res,
        `the service is shutting down and this request did not finish within the ${graceMs} ms grace period (LF_SHUTDOWN_GRACE_MS): retry shortly`,
      );
    }
    await Promise.race([Promise.all(flushed), new Promise((resolve) => setTimeout(resolve, FLUSH_MS))]);
    return { cutOff: late.length };
  }
}
