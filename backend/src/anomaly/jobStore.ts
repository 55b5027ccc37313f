import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { FitJob } from '../contract/anomaly';
import { sweepTempFiles, writeAtomic } from '../models/atomicFile';

export type FitJobView = Omit<FitJob, 'warnings' | 'status_url'>;

const ID = /^[0-9a-f-]{36}$/;

/**
 * Async fit jobs on disk: one JSON file per job under `{dataDir}/jobs/`, each written atomically,
 * so a job's id still resolves after a restart (or a crash).
 */
export class JobStore {
  readonly dir: string;
  /** Writes of one job run in order, so an older state never lands after a newer one. */
  private readonly pending = new Map<string, Promise<void>>();

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'jobs');
  }

  /** Creates the folder and returns every job found in it (unreadable files are reported, not fatal). */
  async init(): Promise<{ jobs: FitJobView[]; unreadable: string[] }> {
    await fs.mkdir(this.dir, { recursive: true });
    await sweepTempFiles(this.dir);
    const jobs: FitJobView[] = [];
    const unreadable: string[] = [];
    for (const name of await fs.readdir(this.dir)) {
      if (!name.endsWith('.json') || !ID.test(name.slice(0, -5))) continue;
      try {
        const job = JSON.parse(await fs.readFile(path.join(this.dir, name), 'utf8')) as FitJobView;
        if (job?.object !== 'fit_job' || job.id !== name.slice(0, -5)) throw new Error('not a fit job');
        jobs.push(job);
      } catch {
        unreadable.push(name);
      }
    }
    return { jobs, unreadable };
  }

  save(job: FitJobView): Promise<void> {
    const text = JSON.stringify(job);
    return this.chain(job.id, () => writeAtomic(path.join(this.dir, `${job.id}.json`), text));
  }

  remove(id: string): Promise<void> {
    return this.chain(id, () => fs.rm(path.join(this.dir, `${id}.json`), { force: true }));
  }

  /** Resolves once every write started so far has landed (or failed). */
  async flush(): Promise<void> {
    await Promise.all([...this.pending.values()]);
  }

  private chain(id: string, write: () => Promise<void>): Promise<void> {
    const next = (this.pending.get(id) ?? Promise.resolve()).then(write);
    const settled = next.catch(() => undefined);
    this.pending.set(id, settled);
    void settled.then(() => {
      if (this.pending.get(id) === settled) this.pending.delete(id);
    });
    return next;
  }
}
