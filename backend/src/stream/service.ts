import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type {
  StreamDeleteResult,
  StreamDetectorInfo,
  StreamDetectorList,
  StreamResetResult,
  StreamResponse,
} from '../contract/stream';
import { conflict, invalidField, notFound, TooLargeError } from '../core/errors';
import { unknownFieldWarnings } from '../core/unknownFields';
import { parseAt, validateBody } from '../core/validate';
import { detectorFactory } from '../detectors/registry';
import { sweepTempFiles } from '../models/atomicFile';
import { createStreamingDetector, isStreamingDetectorName } from '../streaming/registry';
import { configWarnings } from './configWarnings';
import { featureNames } from './derivedFeatures';
import { applyModelIdAlias } from './modelIdAlias';
import { parsePoints } from './points';
import { STREAM_FIELDS, streamRequest, type StreamConfig } from './schemas';
import { SerialTasks } from './serialTasks';
import { StreamPersistence } from './persistence';
import { loadState, removeState } from './stateFile';
import { StreamDetector, type StreamCompute } from './streamDetector';

export interface StreamLimits {
  /** Streams kept at once; creating one more is a 409 until one is deleted. */
  readonly maxStreams: number;
  /** window_size × model features of one stream. */
  readonly maxWindowCells: number;
  /** The same summed over every stream: the bound of all windows in memory. */
  readonly maxTotalCells: number;
  /** Points in one request. */
  readonly maxBatchPoints: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = {
  maxStreams: 1000,
  maxWindowCells: 2_000_000,
  maxTotalCells: 25_000_000,
  maxBatchPoints: 10_000,
};

interface Entry {
  readonly detector: StreamDetector;
  /** Requests on one stream run one at a time, and so do its state writes. */
  readonly work: SerialTasks;
  readonly writes: SerialTasks;
  readonly persistence: StreamPersistence;
  deleted: boolean;
}

/**
 * The streaming detection API: detectors by id, created by their first point, kept in memory
 * (bounded) and on disk under `$LF_DATA_DIR/streams/` so a restart resumes every stream.
 */
export class StreamService {
  private readonly entries = new Map<string, Entry>();
  private closing = false;
  readonly dir: string;

  constructor(
    dataDir: string,
    private readonly compute: StreamCompute,
    private readonly log: Logger,
    private readonly limits: StreamLimits = DEFAULT_STREAM_LIMITS,
  ) {
    this.dir = path.join(dataDir, 'streams');
  }

  /**
   * Creates the folder, removes temp files a crash left and the journals of streams whose deletion
   * it cut short, and restores every saved stream.
   */
  async init(): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    await sweepTempFiles(this.dir);
    const files = await fs.readdir(this.dir);
    for (const file of files.filter((f) => f.endsWith('.json'))) {
      try {
        const { detector, journal, torn } = await loadState(this.dir, file, (id, config) =>
          this.newDetector(id, config),
        );
        if (torn)
          this.log.warn(
            { stream: detector.id },
            'stream journal ended in a torn record (never answered); dropped',
          );
        this.entries.set(detector.id, this.entry(detector, journal));
      } catch (error) {
        this.log.warn({ err: error, file }, 'stream state could not be restored; skipped');
      }
    }
    const keys = new Set(files.filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)));
    for (const file of files.filter((f) => f.endsWith('.log') && !keys.has(f.split('.')[0])))
      await fs.rm(path.join(this.dir, file), { force: true });
    if (this.entries.size > 0) this.log.info({ streams: this.entries.size }, 'streams restored');
  }

  async process(sent: unknown): Promise<StreamResponse> {
    const { body, warnings: aliasWarnings } = applyModelIdAlias(sent);
    const request = validateBody(streamRequest, body);
    const warnings = [...aliasWarnings, ...unknownFieldWarnings(body, STREAM_FIELDS)];
    const { model: id, data, ...config } = request;
    let entry = this.entries.get(id);
    if (entry) warnings.push(...configWarnings(id, entry.detector.config, body));
    else entry = this.create(id, config, data);
    const current = entry;
    return current.work.run(async () => {
      if (current.deleted) throw notFound(`Streaming detector not found: ${id}`);
      const detector = current.detector;
      const parsed = parsePoints(data, detector.columns);
      if (detector.columns === null && parsed.columns !== null) this.checkWidth(detector, parsed.columns);
      if (parsed.rows.length > this.limits.maxBatchPoints)
        throw new TooLargeError(
          `a request takes at most ${this.limits.maxBatchPoints} points; got ${parsed.rows.length}: send smaller batches`,
        );
      if (
        detector.kind === 'causal' &&
        (detector.config.rolling_windows?.length || detector.config.include_lags)
      )
        warnings.push(
          'rolling_windows and lags apply to tabular backends; a causal detector watches the raw values',
        );
      const errorBefore = detector.counters.lastError;
      const results = await detector.process(parsed, Date.now());
      await this.save(current);
      const error = detector.counters.lastError;
      if (error !== null && error !== errorBefore)
        warnings.push(
          `training failed (${error}); the stream keeps what it had and retries with the next point`,
        );
      const response: StreamResponse = {
        object: 'streaming_result',
        model: id,
        status: detector.status,
        results,
        model_version: detector.counters.modelVersion,
        samples_collected: detector.window.size,
        samples_until_ready: detector.samplesUntilReady,
        threshold: detector.config.threshold,
      };
      const all = [...warnings, ...parsed.warnings];
      return all.length > 0 ? { ...response, warnings: all } : response;
    });
  }

  /**
   * A new stream, registered only once its configuration and first points check out (synchronously,
   * so two first requests for one id cannot both create it).
   */
  private create(id: string, config: StreamConfig, data: unknown): Entry {
    this.checkConfig(config);
    const detector = this.newDetector(id, config);
    const { columns } = parsePoints(data, null);
    if (columns !== null) this.checkWidth(detector, columns);
    if (this.entries.size >= this.limits.maxStreams)
      throw conflict(
        `at most ${this.limits.maxStreams} streaming detectors are kept: delete one (DELETE /v1/anomaly/stream/{id}) first`,
      );
    const entry = this.entry(detector);
    this.entries.set(id, entry);
    return entry;
  }

  list(): StreamDetectorList {
    const data = [...this.entries.values()].map((e) => e.detector.stats());
    return { object: 'list', data, total: data.length };
  }

  get(id: string): StreamDetectorInfo {
    return { object: 'streaming_detector', ...this.find(id).detector.stats() };
  }

  async delete(id: string): Promise<StreamDeleteResult> {
    const entry = this.find(id);
    await entry.work.run(async () => {
      entry.deleted = true;
      entry.detector.reset();
      this.entries.delete(id);
      await entry.writes.run(() => removeState(this.dir, id));
    });
    return { object: 'delete_result', model: id, deleted: true };
  }

  async reset(id: string): Promise<StreamResetResult> {
    const entry = this.find(id);
    await entry.work.run(async () => {
      entry.detector.reset();
      await this.save(entry);
    });
    return { object: 'reset_result', model: id, status: entry.detector.status, reset: true };
  }

  /**
   * Graceful shutdown, once requests have drained: waits for state writes, then writes no more. A
   * retrain still running is abandoned: the saved state has the previous model and retrains when due.
   */
  async flush(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.entries.values()].map((e) => e.writes.idle()));
  }

  private find(id: string): Entry {
    const entry = this.entries.get(id);
    if (!entry) throw notFound(`Streaming detector not found: ${id}`);
    return entry;
  }

  private entry(detector: StreamDetector, journal = 0): Entry {
    return {
      detector,
      work: new SerialTasks(),
      writes: new SerialTasks(),
      persistence: new StreamPersistence(this.dir, detector.id, journal),
      deleted: false,
    };
  }

  private newDetector(id: string, config: StreamConfig): StreamDetector {
    return new StreamDetector(id, config, this.compute, (detector) => {
      const entry = this.entries.get(detector.id);
      if (entry?.detector === detector)
        this.save(entry).catch((error: unknown) =>
          this.log.error({ err: error, stream: detector.id }, 'saving stream state failed'),
        );
    });
  }

  private save(entry: Entry): Promise<void> {
    return entry.writes.run(async () => {
      if (!entry.deleted && !this.closing) await entry.persistence.save(entry.detector);
    });
  }

  /** A new stream's detector parameters must be valid before its first point is kept. */
  private checkConfig(config: StreamConfig): void {
    if (isStreamingDetectorName(config.backend)) {
      try {
        createStreamingDetector(config.backend, config.params as never);
      } catch (error) {
        throw invalidField(['body', 'params'], (error as Error).message);
      }
      return;
    }
    const factory = detectorFactory(config.backend);
    if (factory) parseAt(factory.params, config.params, ['body', 'params']);
  }

  /** The memory bounds (this stream's, all streams'), checked when its first point fixes the features. */
  private checkWidth(detector: StreamDetector, columns: readonly string[]): void {
    const width = featureNames(columns, detector.spec).length;
    const size = detector.config.window_size;
    if (width * size > this.limits.maxWindowCells)
      throw new TooLargeError(
        `window_size × features (${size} × ${width}) exceeds ${this.limits.maxWindowCells} values per stream: use a smaller window or fewer features`,
      );
    let total = width * size;
    for (const { detector: other } of this.entries.values())
      if (other !== detector) total += other.config.window_size * (other.features?.length ?? 0);
    if (total > this.limits.maxTotalCells)
      throw conflict(
        `the streams' windows would hold more than ${this.limits.maxTotalCells} values: delete streams or use smaller windows`,
      );
  }
}
