import type { Logger } from 'pino';
import { normalize, type Normalization } from '../core/normalization';
import { parseAt } from '../core/validate';
import { backendInfos, detectorFactory } from '../detectors/registry';
import { invalidInput, conflict, notFound, invalidField } from '../core/errors';
import { trainingMatrix, scoringMatrix } from './rowsToMatrix';
import type { FitRequest, ModelRef, ScoreRowsRequest } from './schemas';
import type { FittedModel } from '../models/fittedModel';
import { NameCollisionError, type ModelStore, type StoredModel } from '../models/modelStore';
import { latestBase, versionStamp } from '../models/naming';
import type { FitProgress } from '../detectors/detector';
import type { FitRunner } from '../training/fitRunner';
import { FitJobs } from './fitJobs';
import { rawScores } from '../training/pipeline';

const key = (name: string, backend: string): string => `${backend}\u0000${name}`;

/** The anomaly API's behaviour, independent of HTTP: fit, score, persist, list, delete. */
export class AnomalyService {
  private readonly memory = new Map<string, FittedModel>();
  /** Versioned names chosen by fits still in flight, so two fits in one second never collide. */
  private readonly reserved = new Set<string>();

  private readonly jobs: FitJobs;

  constructor(
    private readonly store: ModelStore,
    private readonly runner: FitRunner,
    private readonly log: Logger,
  ) {
    this.jobs = new FitJobs(log);
  }

  get modelsInMemory(): number {
    return this.memory.size;
  }

  /** Synchronous fit (the LlamaFarm contract), or a background job when `async` is true. */
  async fit(req: FitRequest, versioned: boolean) {
    const prepared = await this.prepareFit(req, versioned);
    if (!req.async) return this.runFit(prepared);
    const job = this.jobs.start(prepared.name, req.backend, (onProgress, markRunning) =>
      this.runFit(prepared, onProgress, markRunning),
    );
    return { ...job, status_url: `/v1/anomaly/jobs/${job.id}` };
  }

  job(id: string) {
    return this.jobs.get(id);
  }

  /** Everything a client can get wrong is checked here, before any training starts. */
  private async prepareFit(req: FitRequest, versioned: boolean) {
    const factory = detectorFactory(req.backend)!;
    const params = parseAt(factory.params, req.params, ['body', 'params']);
    const { x, encoder } = trainingMatrix(req.data, req.schema);
    const name = versioned && !req.overwrite ? await this.newVersionName(req.model, req.backend) : req.model;
    return { req, versioned, params, x, encoder, name };
  }

  private async runFit(
    { req, versioned, params, x, encoder, name }: Awaited<ReturnType<AnomalyService['prepareFit']>>,
    onProgress?: (p: FitProgress) => void,
    markRunning?: () => void,
  ) {
    this.reserved.add(key(name, req.backend));
    try {
      const started = performance.now();
      const trained = await this.runner.fit(
        {
          backend: req.backend,
          x,
          contamination: req.contamination,
          params,
          epochs: req.epochs,
          batchSize: req.batch_size,
        },
        (p) => {
          onProgress?.(p);
          this.log.debug({ model: name, backend: req.backend, ...p }, 'fit progress');
        },
        markRunning,
      );
      const trainingTimeMs = performance.now() - started;
      const model: FittedModel = {
        meta: {
          name,
          baseName: req.model,
          isVersioned: name !== req.model,
          description: req.description ?? null,
          backend: req.backend,
          contamination: req.contamination,
          inputDim: x.cols,
          normalization: req.normalization,
          samplesFitted: x.rows,
          createdAt: new Date().toISOString(),
          fitInfo: trained.fitInfo,
        },
        encoder,
        ...trained,
      };
      const saved = await this.persist(model);
      this.memory.set(key(name, req.backend), model);
      this.log.info(
        { model: name, backend: req.backend, rows: x.rows, cols: x.cols, ms: Math.round(trainingTimeMs) },
        'model fitted',
      );
      return {
        object: 'fit_result',
        model: name,
        backend: req.backend,
        samples_fitted: x.rows,
        training_time_ms: trainingTimeMs,
        model_params: {
          backend: req.backend,
          contamination: req.contamination,
          threshold: trained.thresholds[req.normalization],
          input_dim: x.cols,
          ...trained.fitInfo,
        },
        encoder: encoder ? { schema: encoder.schema, features: encoder.feature_order } : null,
        saved_path: saved.path,
        status: 'fitted',
        ...(versioned ? { base_name: req.model, versioned_name: name, overwrite: req.overwrite } : {}),
      };
    } finally {
      this.reserved.delete(key(name, req.backend));
    }
  }

  async score(req: ScoreRowsRequest) {
    const { model, scores, threshold, flags } = await this.run(req);
    let anomalies = 0;
    const data = Array.from(scores, (score, index) => {
      if (flags[index]) anomalies++;
      return { index, score, is_anomaly: flags[index] === 1, raw_score: model.raw[index] };
    });
    return {
      object: 'list',
      data,
      total_count: data.length,
      model: model.name,
      backend: req.backend,
      summary: {
        total_points: data.length,
        anomaly_count: anomalies,
        anomaly_rate: anomalies / data.length,
        threshold,
      },
    };
  }

  async detect(req: ScoreRowsRequest) {
    const { model, scores, threshold, flags } = await this.run(req);
    const data: { index: number; score: number; raw_score: number }[] = [];
    for (let i = 0; i < scores.length; i++) {
      if (flags[i]) data.push({ index: i, score: scores[i], raw_score: model.raw[i] });
    }
    return {
      object: 'list',
      data,
      total_count: data.length,
      model: model.name,
      backend: req.backend,
      summary: { anomalies_detected: data.length, threshold },
    };
  }

  async save(ref: ModelRef) {
    const model = await this.model(ref);
    const saved = await this.persist(model);
    return {
      object: 'save_result',
      model: model.meta.name,
      backend: model.meta.backend,
      filename: saved.filename,
      path: saved.path,
      encoder_path: saved.encoderPath,
      status: 'saved',
    };
  }

  async load(ref: ModelRef) {
    const name = await this.resolveName(ref.model, ref.backend);
    const model = await this.store.load(name, ref.backend);
    if (!model) throw notFound(`no saved model '${name}' for backend '${ref.backend}'`);
    this.memory.set(key(name, ref.backend), model);
    return {
      object: 'load_result',
      model: name,
      backend: ref.backend,
      normalization: model.meta.normalization,
      filename: this.store.modelFilename(name, ref.backend),
      is_fitted: true,
      threshold: model.thresholds[model.meta.normalization],
      encoder_loaded: model.encoder !== null,
      status: 'loaded',
    };
  }

  async list() {
    const models = await this.store.list();
    return {
      object: 'list',
      data: models.map((m) => describeStored(m)),
      models_dir: this.store.dir,
      total: models.length,
    };
  }

  async delete(filename: string) {
    if (!filename || /[/\\]/.test(filename) || filename.includes('..') || filename.includes('\0')) {
      throw invalidInput(
        `invalid filename '${filename}': give a file name from GET models, without path separators`,
      );
    }
    const { existed } = await this.store.delete(filename);
    if (!existed) throw notFound(`no model file '${filename}'`);
    for (const [k, model] of this.memory) {
      if (this.store.modelFilename(model.meta.name, model.meta.backend) === filename) this.memory.delete(k);
    }
    return { object: 'delete_result', filename, deleted: true };
  }

  backends() {
    const data = backendInfos();
    return { object: 'list', data, total: data.length };
  }

  async diskModelCount(): Promise<number> {
    return this.store.count();
  }

  private async run(req: ScoreRowsRequest) {
    const model = await this.model(req);
    const x = scoringMatrix(req.data, model.encoder, model.meta.inputDim);
    const raw = rawScores(model, x);
    const method: Normalization = req.normalization ?? model.meta.normalization;
    const scores = normalize(raw, method, model.stats);
    const threshold = req.threshold ?? model.thresholds[method];
    const flags = new Uint8Array(scores.length);
    for (let i = 0; i < scores.length; i++) flags[i] = scores[i] > threshold ? 1 : 0;
    return { model: { name: model.meta.name, raw }, scores, threshold, flags };
  }

  /** The fitted model for a reference, loading it from disk when it is not in memory. */
  private async model(ref: ModelRef): Promise<FittedModel> {
    const name = await this.resolveName(ref.model, ref.backend);
    const cached = this.memory.get(key(name, ref.backend));
    if (cached) return cached;
    const loaded = await this.store.load(name, ref.backend);
    if (!loaded) {
      throw notFound(
        `model '${name}' with backend '${ref.backend}' is not fitted: POST fit first (or check GET models)`,
      );
    }
    this.memory.set(key(name, ref.backend), loaded);
    this.log.info({ model: name, backend: ref.backend }, 'model loaded from disk');
    return loaded;
  }

  /** `{base}-latest` → the newest model of that base name for this backend. */
  private async resolveName(model: string, backend: string): Promise<string> {
    const base = latestBase(model);
    if (base === null) return model;
    const candidates = new Map<string, string>(); // name → createdAt
    for (const m of this.memory.values()) {
      if (m.meta.backend === backend && m.meta.baseName === base)
        candidates.set(m.meta.name, m.meta.createdAt);
    }
    for (const s of await this.store.list()) {
      const meta = s.header.meta;
      if (meta.backend === backend && meta.baseName === base) candidates.set(meta.name, meta.createdAt);
    }
    const newest = [...candidates].sort(([na, ca], [nb, cb]) =>
      ca === cb ? (na < nb ? 1 : -1) : ca < cb ? 1 : -1,
    )[0];
    if (!newest) throw notFound(`no versions of '${base}' for backend '${backend}'`);
    return newest[0];
  }

  /** Picks and reserves `{base}_{YYYYMMDD_HHMMSS}`, adding `_2`, `_3`… when that second is taken. */
  private async newVersionName(base: string, backend: string): Promise<string> {
    const stamp = `${base}_${versionStamp(new Date())}`;
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? stamp : `${stamp}_${n}`;
      const onDisk = await this.store.exists(candidate, backend);
      // Checked after the await: another fit may have reserved the name meanwhile.
      const k = key(candidate, backend);
      if (!onDisk && !this.reserved.has(k) && !this.memory.has(k)) {
        this.reserved.add(k);
        return candidate;
      }
    }
  }

  private async persist(model: FittedModel) {
    try {
      return await this.store.save(model);
    } catch (error) {
      if (error instanceof NameCollisionError) throw conflict(error.message);
      throw error;
    }
  }
}

function describeStored(m: StoredModel) {
  const meta = m.header.meta;
  return {
    filename: m.filename,
    size_bytes: m.sizeBytes,
    modified: m.modifiedMs / 1000,
    backend: meta.backend,
    name: meta.name,
    base_name: meta.baseName,
    is_versioned: meta.isVersioned,
    created: meta.createdAt,
    description: meta.description,
  };
}
