import { existsSync } from 'node:fs';
import { move, Piscina, transferableSymbol, valueSymbol } from 'piscina';
import { BusyError, domainErrorFrom, type DomainErrorData } from '../core/errors';

/** What a task answers across the thread boundary: its value, or a domain error as data. */
export type TaskOutcome<T> = { ok: true; value: T } | { ok: false; error: DomainErrorData };

export interface ComputePoolOptions {
  /** Shown in the 503 detail ("the scoring workers are busy"). */
  readonly name: string;
  /** The compiled worker entry (a piscina task handler). */
  readonly filename: string;
  readonly threads: number;
  /** Tasks waiting beyond the running ones; one more is refused with 503 + Retry-After. */
  readonly maxQueue: number;
  readonly workerData?: unknown;
}

const RETRY_AFTER_SECONDS = 2;

/**
 * A fixed set of warm worker threads (piscina) for work that would stall the event loop: parsing
 * large bodies, scoring, time-series detection. Threads start with the service, so no request pays
 * for a cold start.
 */
export class ComputePool<Task> {
  private readonly pool: Piscina;

  constructor(private readonly options: ComputePoolOptions) {
    if (!existsSync(options.filename))
      throw new Error(`worker entry ${options.filename} is missing: build first`);
    this.pool = new Piscina({
      filename: options.filename,
      minThreads: options.threads,
      maxThreads: options.threads,
      maxQueue: options.maxQueue,
      idleTimeout: 2 ** 31 - 1,
      workerData: options.workerData,
    });
  }

  /** Runs a task; `transfer` lists buffers handed over without a copy (unusable here afterwards). */
  async run<T>(task: Task, transfer: ArrayBuffer[] = []): Promise<T> {
    let outcome: TaskOutcome<unknown>;
    try {
      outcome = (await this.pool.run(task, { transferList: transfer })) as TaskOutcome<unknown>;
    } catch (error) {
      if (error instanceof Error && /queue is at limit/i.test(error.message)) throw this.busy();
      throw error;
    }
    if (!outcome.ok) throw domainErrorFrom(outcome.error);
    return outcome.value as T;
  }

  /** For /health: threads, tasks waiting, and the share of time the threads were busy. */
  get stats(): { threads: number; queued: number; utilization: number } {
    return {
      threads: this.pool.threads.length,
      queued: this.pool.queueSize,
      utilization: Math.round(this.pool.utilization * 1000) / 1000,
    };
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }

  private busy(): BusyError {
    return new BusyError(
      `the ${this.options.name} are busy (${this.options.threads} running, ${this.options.maxQueue} queued): retry shortly`,
      RETRY_AFTER_SECONDS,
    );
  }
}

/**
 * What a worker's task handler returns: its outcome, with the buffers in `transfer` handed to the
 * main thread instead of copied (a 138 MB answer then costs the event loop nothing to receive).
 * The worker must not touch them afterwards.
 */
export function handOver<T>(outcome: TaskOutcome<T>, transfer: ArrayBuffer[]): unknown {
  return transfer.length === 0 ? outcome : move({ [transferableSymbol]: transfer, [valueSymbol]: outcome });
}

/** The buffer behind `bytes` when handing it over is safe (it owns the whole buffer), else none. */
export function transferableOf(bytes: Uint8Array): ArrayBuffer[] {
  const buffer = bytes.buffer;
  return buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength
    ? [buffer]
    : [];
}
