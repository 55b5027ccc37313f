import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { FitProgress } from '../detectors/detector';
import type { FitResult } from '../contract/anomaly';
import { DomainError, notFound } from '../core/errors';
import type { FitJobView, JobStore } from './jobStore';

/** Most recent jobs kept for GET; older finished ones are forgotten. */
const MAX_JOBS = 1000;
/** Progress is logged at most this often per job. */
const LOG_EVERY_MS = 2000;

/** The error of a job that was queued or running when the service stopped. */
export const INTERRUPTED = {
  code: 'interrupted',
  detail: 'the service stopped before this fit finished: fit again',
} as const;

type Job = FitJobView & { startedMs: number };

/**
 * Fits started with `"async": true`: run in the background, observable by id. Each job is persisted
 * on every status change, so after a restart a finished job keeps its result and one that had not
 * finished is `failed` with the error `interrupted`.
 */
export class FitJobs {
  private readonly jobs = new Map<string, Job>();

  constructor(
    private readonly log: Logger,
    private readonly store: JobStore,
  ) {}

  /** Reads the jobs of earlier runs; those that never finished become `failed: interrupted`. */
  async init(): Promise<void> {
    const { jobs, unreadable } = await this.store.init();
    if (unreadable.length > 0)
      this.log.warn({ files: unreadable, dir: this.store.dir }, 'unreadable job files skipped');
    jobs.sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : 0));
    for (const stored of jobs) {
      const job: Job = { ...stored, startedMs: 0 };
      if (job.status === 'queued' || job.status === 'running') {
        job.status = 'failed';
        job.error = { ...INTERRUPTED };
        job.finished = new Date().toISOString();
        this.persist(job);
        this.log.warn({ job: job.id, model: job.model }, 'fit job interrupted by a restart');
      }
      this.jobs.set(job.id, job);
    }
    this.evictOld();
  }

  /** Starts a job once its file is written, so an id a client was given survives any crash. */
  async start(
    model: string,
    backend: string,
    work: (onProgress: (p: FitProgress) => void, markRunning: () => void) => Promise<FitResult>,
  ): Promise<FitJobView> {
    const job: Job = {
      object: 'fit_job',
      id: randomUUID(),
      model,
      backend,
      status: 'queued',
      progress: null,
      created: new Date().toISOString(),
      started: null,
      finished: null,
      result: null,
      error: null,
      startedMs: 0,
    };
    await this.store.save(this.view(job));
    this.jobs.set(job.id, job);
    this.evictOld();
    let lastLog = 0;
    const markRunning = (): void => {
      if (job.status !== 'queued') return;
      job.status = 'running';
      job.started = new Date().toISOString();
      job.startedMs = performance.now();
      this.persist(job);
    };
    const onProgress = (p: FitProgress): void => {
      if (job.status === 'queued') markRunning();
      const elapsed = (performance.now() - job.startedMs) / 1000;
      const eta = p.fraction > 0 ? (elapsed * (1 - p.fraction)) / p.fraction : null;
      job.progress = { ...p, eta_seconds: eta === null ? null : Math.max(0, eta) };
      if (performance.now() - lastLog > LOG_EVERY_MS) {
        lastLog = performance.now();
        this.log.info({ job: job.id, model, backend, ...job.progress }, 'fit progress');
      }
    };
    work(onProgress, markRunning).then(
      (result) => {
        job.status = 'succeeded';
        job.result = result;
        job.progress = { ...job.progress, phase: 'done', fraction: 1, eta_seconds: 0 };
        job.finished = new Date().toISOString();
        this.persist(job);
        this.log.info({ job: job.id, model, backend }, 'fit job succeeded');
      },
      (error: unknown) => {
        job.status = 'failed';
        job.error =
          error instanceof DomainError
            ? { code: error.code, detail: error.detail }
            : { code: 'internal', detail: error instanceof Error ? error.message : String(error) };
        job.finished = new Date().toISOString();
        this.persist(job);
        this.log.warn({ job: job.id, model, backend, error: job.error }, 'fit job failed');
      },
    );
    return this.view(job);
  }

  get(id: string): FitJobView {
    const job = this.jobs.get(id);
    if (!job) throw notFound(`no fit job '${id}' (the newest ${MAX_JOBS} jobs are kept)`);
    return this.view(job);
  }

  /** Waits for the job files being written (called at shutdown, before the process exits). */
  flush(): Promise<void> {
    return this.store.flush();
  }

  private persist(job: Job): void {
    this.store.save(this.view(job)).catch((error: unknown) => {
      this.log.error({ err: error, job: job.id }, 'could not save fit job');
    });
  }

  private view(job: Job): FitJobView {
    const { startedMs: _startedMs, ...view } = job;
    return view;
  }

  private evictOld(): void {
    for (const [id, job] of this.jobs) {
      if (this.jobs.size <= MAX_JOBS) break;
      if (job.status === 'succeeded' || job.status === 'failed') {
        this.jobs.delete(id);
        this.store.remove(id).catch(() => undefined);
      }
    }
  }
}
