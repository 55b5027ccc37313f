import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { FitProgress } from '../detectors/detector';
import type { FitJob, FitResult } from '../contract/anomaly';
import { DomainError, notFound } from '../core/errors';

type FitJobView = Omit<FitJob, 'warnings' | 'status_url'>;

/** Most recent jobs kept for GET; older finished ones are forgotten. */
const MAX_JOBS = 1000;
/** Progress is logged at most this often per job. */
const LOG_EVERY_MS = 2000;

/** Fits started with `"async": true`: run in the background, observable by id. */
export class FitJobs {
  private readonly jobs = new Map<string, FitJobView & { startedMs: number }>();

  constructor(private readonly log: Logger) {}

  start(
    model: string,
    backend: string,
    work: (onProgress: (p: FitProgress) => void, markRunning: () => void) => Promise<FitResult>,
  ): FitJobView {
    const job: FitJobView & { startedMs: number } = {
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
    this.jobs.set(job.id, job);
    this.evictOld();
    let lastLog = 0;
    const markRunning = (): void => {
      job.status = 'running';
      job.started = new Date().toISOString();
      job.startedMs = performance.now();
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
        this.log.info({ job: job.id, model, backend }, 'fit job succeeded');
      },
      (error: unknown) => {
        job.status = 'failed';
        job.error =
          error instanceof DomainError
            ? { code: error.code, detail: error.detail }
            : { code: 'internal', detail: error instanceof Error ? error.message : String(error) };
        job.finished = new Date().toISOString();
        this.log.warn({ job: job.id, model, backend, error: job.error }, 'fit job failed');
      },
    );
    return this.view(job);
  }

  get(id: string): FitJobView {
    const job = this.jobs.get(id);
    if (!job) throw notFound(`no fit job '${id}' (jobs are kept in memory until restart)`);
    return this.view(job);
  }

  private view(job: FitJobView & { startedMs: number }): FitJobView {
    const { startedMs: _startedMs, ...view } = job;
    return view;
  }

  private evictOld(): void {
    for (const [id, job] of this.jobs) {
      if (this.jobs.size <= MAX_JOBS) break;
      if (job.status === 'succeeded' || job.status === 'failed') this.jobs.delete(id);
    }
  }
}
