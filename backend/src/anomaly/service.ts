import type { Logger } from 'pino';
import { conflict, invalidField, invalidInput, notFound } from '../core/errors';
import { normalize, type Normalization } from '../core/normalization';
import { parseAt } from '../core/validate';
import type {
  BackendList,
  DeleteResult,
  DetectResult,
  FitJob,
  FitResult,
  LoadResult,
  ModelList,
  SaveResult,
  ScoreResult,
  StoredModelInfo,
  DamagedModelInfo,
  ExplainResult,
  ExplainedRow,
  RowExplanation,
} from '../contract/anomaly';
import { DEFAULT_SCALER_TYPE } from '../core/featureScaler';
import type { FitProgress } from '../detectors/detector';
import { backendInfos, detectorFactory } from '../detectors/registry';
import { foreignFileProblem, isForeignModelFile } from '../models/foreignModelFiles';
import type { FittedModel } from '../models/fittedModel';
import { MODEL_FILE_EXTENSION } from '../models/modelFile';
import {
  NameCollisionError,
  type DamagedModel,
  type ModelStore,
  type StoredModel,
} from '../models/modelStore';
import { MAX_FILENAME_BYTES, maxModelNameBytes, modelNameBytes } from '../models/naming';
import type { FitRunner } from '../training/fitRunner';
import { rawScores } from '../training/pipeline';
import { scoresInline } from '../training/placement';
import type { Matrix } from '../core/matrix';
import type { FeatureEncoderState } from '../encoding/featureEncoder';
import { backendListing } from './backendListing';
import { FitJobs } from './fitJobs';
import { earlyStoppingOf, ignoredEarlyStopping, overwriteDefaultWarning } from './fitFields';
import { FittedModels, type ResolvedModel } from './fittedModels';
import { JobStore } from './jobStore';
import type { CacheStats } from './modelCache';
import { scoringMatrix, trainingMatrix } from './rowsToMatrix';
import { explainIndices } from './explanations';
import {
  scoreRowsRequest,
  type ExplainRequest,
  type FitRequest,
  type ModelRef,
  type ScoreRowsRequest,
} from './schemas';

/** Per-request size caps (README "Limits"). */
export interface AnomalyLimits {
  readonly maxFitCells: number;
  readonly maxScoreCells: number;
}

export const DEFAULT_ANOMALY_LIMITS: AnomalyLimits = { maxFitCells: 3_200_000, maxScoreCells: 3_200_000 };

/** Training rows already turned into features. */
export interface FitFeatures {
  readonly x: Matrix;
  readonly encoder: FeatureEncoderState | null;
}

export interface AnomalyServiceOptions {
  /** The data directory: async jobs are kept under `{dataDir}/jobs/`. */
  readonly dataDir: string;
  /** Bound of the in-memory model cache, in bytes. */
  readonly cacheLimitBytes: number;
  /** Per-request size caps; the defaults when absent. */
  readonly limits?: AnomalyLimits;
  /** Set in worker threads: model files are written by the main thread, so check their version on use. */
  readonly revalidateModels?: boolean;
}

/** The anomaly API's behaviour, independent of HTTP: fit, score, persist, list, delete. */
export class AnomalyService {
  readonly limits: AnomalyLimits;
  private readonly models: FittedModels;
  private readonly jobs: FitJobs;

  constructor(
    private readonly store: ModelStore,
    private readonly runner: FitRunner,
    private readonly log: Logger,
    options: AnomalyServiceOptions,
  ) {
    this.limits = options.limits ?? DEFAULT_ANOMALY_LIMITS;
    this.models = new FittedModels(store, log, options.cacheLimitBytes, options.revalidateModels);
    this.jobs = new FitJobs(log, new JobStore(options.dataDir));
  }

  /** Reads the async jobs of earlier runs (unfinished ones become `failed: interrupted`). */
  async init(): Promise<void> {
    await this.jobs.init();
  }

  /** Waits for state still being written (async job files); called at shutdown. */
  flush(): Promise<void> {
    return this.jobs.flush();
  }

  cacheStats(): CacheStats {
    return this.models.cacheStats();
  }

  /**
   * Synchronous fit (the LlamaFarm contract), or a background job when `async` is true. `features`
   * are the rows already turned into a matrix (by a worker, for large bodies).
   */
  async fit(req: FitRequest, versioned: boolean, features?: FitFeatures): Promise<FitResult | FitJob> {
    const prepared = await this.prepareFit(req, versioned, features);
    if (!req.async) return this.runFit(prepared);
    const job = await this.jobs.start(prepared.name, req.backend, (onProgress, markRunning) =>
      this.runFit(prepared, onProgress, markRunning),
    );
    return { ...job, status_url: `/v1/anomaly/jobs/${job.id}` };
  }

  job(id: string): FitJob {
    return this.jobs.get(id);
  }

  /** Everything a client can get wrong is checked here, before any training starts. */
  private async prepareFit(req: FitRequest, versioned: boolean, features?: FitFeatures) {
    const overwrite = req.overwrite ?? false;
    checkNameLength(req.model, req.backend, versioned && !overwrite);
    const factory = detectorFactory(req.backend)!;
    const params = parseAt(factory.params, req.params, ['body', 'params']);
    const { x, encoder } = features ?? trainingMatrix(req.data, req.schema, this.limits.maxFitCells);
    const name =
      versioned && !overwrite ? await this.models.reserveVersionName(req.model, req.backend) : req.model;
    const warnings = [
      ...(versioned && req.overwrite === undefined ? [overwriteDefaultWarning(req.model, name)] : []),
      ...ignoredEarlyStopping(req, factory.info),
    ];
    return { req, versioned, overwrite, params, x, encoder, name, warnings };
  }

  private async runFit(
    {
      req,
      versioned,
      overwrite,
      params,
      x,
      encoder,
      name,
      warnings,
    }: Awaited<ReturnType<AnomalyService['prepareFit']>>,
    onProgress?: (p: FitProgress) => void,
    markRunning?: () => void,
  ): Promise<FitResult> {
    this.models.reserve(name, req.backend);
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
          earlyStopping: earlyStoppingOf(req),
          scalerType: req.scaler_type,
          background: req.async,
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
          scalerType: req.scaler_type,
          createdAt: new Date().toISOString(),
          fitInfo: trained.fitInfo,
        },
        encoder,
        ...trained,
      };
      const saved = await this.persist(model);
      this.models.remember(model, saved.sizeBytes);
      this.log.info(
        { model: name, backend: req.backend, rows: x.rows, cols: x.cols, ms: Math.round(trainingTimeMs) },
        'model fitted',
      );
      return {
        object: 'fit_result' as const,
        model: name,
        backend: req.backend,
        samples_fitted: x.rows,
        training_time_ms: trainingTimeMs,
        model_params: {
          backend: req.backend,
          contamination: req.contamination,
          threshold: trained.thresholds[req.normalization],
          input_dim: x.cols,
          scaler_type: req.scaler_type,
          ...trained.fitInfo,
        },
        encoder: encoder ? { schema: encoder.schema, features: encoder.feature_order } : null,
        saved_path: saved.path,
        status: 'fitted' as const,
        ...(versioned ? { base_name: req.model, versioned_name: name, overwrite } : {}),
        ...(warnings.length > 0 ? { warnings } : {}),
      };
    } finally {
      this.models.release(name, req.backend);
    }
  }

  async score(req: ScoreRowsRequest): Promise<ScoreResult> {
    const run = await this.run(req);
    const { ref, raw, scores, threshold, flags } = run;
    const explained = req.explain ? this.explainFlagged(req, run) : new Map<number, RowExplanation>();
    let anomalies = 0;
    const data = Array.from(scores, (score, index) => {
      if (flags[index]) anomalies++;
      const explanation = explained.get(index);
      return {
        index,
        score,
        is_anomaly: flags[index] === 1,
        raw_score: raw[index],
        ...(explanation ? { explanation } : {}),
      };
    });
    return {
      ...rowList(ref, data),
      summary: {
        total_points: data.length,
        anomaly_count: anomalies,
        anomaly_rate: anomalies / data.length,
        threshold,
      },
    };
  }

  async detect(req: ScoreRowsRequest): Promise<DetectResult> {
    const run = await this.run(req);
    const { ref, raw, scores, threshold, flags } = run;
    const explained = req.explain ? this.explainFlagged(req, run) : new Map<number, RowExplanation>();
    const data: DetectResult['data'] = [];
    for (let i = 0; i < scores.length; i++) {
      if (!flags[i]) continue;
      const explanation = explained.get(i);
      data.push({ index: i, score: scores[i], raw_score: raw[i], ...(explanation ? { explanation } : {}) });
    }
    return { ...rowList(ref, data), summary: { anomalies_detected: data.length, threshold } };
  }

  /** Every row scored; the anomalous ones (or all, with `all_rows`) explained. */
  async explain(req: ExplainRequest): Promise<ExplainResult> {
    const run = await this.run(req);
    const { ref, raw, scores, threshold, flags, model, x } = run;
    const indices: number[] = [];
    for (let i = 0; i < scores.length; i++) if (req.all_rows || flags[i]) indices.push(i);
    const explanations = explainIndices(model, x, req.data, indices, req.top_k);
    const byIndex = new Map(indices.map((i, k) => [i, explanations[k]]));
    let anomalies = 0;
    const data: ExplainedRow[] = Array.from(scores, (score, index) => {
      if (flags[index]) anomalies++;
      const explanation = byIndex.get(index) ?? null;
      return { index, score, is_anomaly: flags[index] === 1, raw_score: raw[index], explanation };
    });
    return {
      ...rowList(ref, data),
      summary: {
        total_points: data.length,
        anomaly_count: anomalies,
        explained_count: indices.length,
        threshold,
      },
    };
  }

  private explainFlagged(
    req: ScoreRowsRequest,
    { model, x, flags }: Awaited<ReturnType<AnomalyService['run']>>,
  ): Map<number, RowExplanation> {
    const indices: number[] = [];
    for (let i = 0; i < flags.length; i++) if (flags[i]) indices.push(i);
    const explanations = explainIndices(model, x, req.data, indices, req.top_k);
    return new Map(indices.map((i, k) => [i, explanations[k]]));
  }

  /**
   * Whether a score/detect body is cheap enough for the event loop: a fast detector on few rows
   * (training/placement decides). Invalid bodies answer at once, inline, with their error.
   */
  async scoresInline(body: unknown, explaining: boolean): Promise<boolean> {
    const parsed = scoreRowsRequest.safeParse(body);
    if (!parsed.success || parsed.data.data.length === 0) return true;
    const { model, backend, data } = parsed.data;
    let resolved: string;
    try {
      resolved = (await this.models.resolve(model, backend)).backend;
    } catch {
      return true;
    }
    const first = data[0];
    const cols = Array.isArray(first)
      ? first.length
      : typeof first === 'object' && first
        ? Object.keys(first).length
        : 1;
    // an explanation may score every row once per feature (median replacement): count those rows too
    const work = explaining || parsed.data.explain ? data.length * (cols + 1) : data.length;
    return scoresInline(detectorFactory(resolved)!, work, cols);
  }

  async save(req: ModelRef): Promise<SaveResult> {
    const ref = await this.models.resolve(req.model, req.backend);
    const model = await this.models.get(ref);
    const saved = await this.persist(model);
    this.models.remember(model, saved.sizeBytes);
    return {
      object: 'save_result',
      model: model.meta.name,
      backend: model.meta.backend,
      filename: saved.filename,
      path: saved.path,
      // The encoder is stored inside the model file (format version 2).
      encoder_path: model.encoder ? saved.path : null,
      status: 'saved',
      ...warningsOf(ref),
    };
  }

  async load(req: ModelRef): Promise<LoadResult> {
    const ref = await this.models.resolve(req.model, req.backend);
    const loaded = await this.store.read(ref.name, ref.backend);
    if (!loaded) throw await this.models.notFitted(ref.name, ref.backend);
    const model = loaded.model;
    this.models.remember(model, loaded.sizeBytes);
    return {
      object: 'load_result',
      model: ref.name,
      backend: ref.backend,
      normalization: model.meta.normalization,
      filename: this.store.modelFilename(ref.name, ref.backend),
      is_fitted: true,
      threshold: model.thresholds[model.meta.normalization],
      encoder_loaded: model.encoder !== null,
      encoder_schema: model.encoder ? { features: model.encoder.schema } : null,
      scaler_type: model.meta.scalerType ?? DEFAULT_SCALER_TYPE,
      status: 'loaded',
      ...warningsOf(ref),
    };
  }

  async list(): Promise<ModelList> {
    const { models, damaged } = await this.store.scan();
    for (const d of damaged) this.log.warn({ file: d.filename, error: d.error }, 'damaged model file listed');
    const foreign = (await this.store.foreignFiles()).map((f) => ({
      filename: f.filename,
      size_bytes: f.sizeBytes,
      modified: f.modifiedMs / 1000,
      error: foreignFileProblem(f.filename),
    }));
    const data = [...models.map(describeStored), ...damaged.map(describeDamaged), ...foreign];
    return {
      object: 'list',
      data,
      models_dir: this.store.relativeDir,
      total: data.length,
      ...(foreign.length > 0
        ? {
            warnings: [
              `${foreign.length} LlamaFarm model file(s) (.joblib/.pkl/.pt) in ${this.store.relativeDir} cannot be loaded by this service: fit those models again here`,
            ],
          }
        : {}),
    };
  }

  async delete(filename: string): Promise<DeleteResult> {
    if (!filename || /[/\\]/.test(filename) || filename.includes('..') || filename.includes('\0')) {
      throw invalidInput(
        `invalid filename '${filename}': give a file name from GET models, without path separators`,
      );
    }
    if (isForeignModelFile(filename)) {
      // Not there: the 404 LlamaFarm gives. There: ours to refuse (we delete only our own files).
      if (!(await this.store.hasForeignFile(filename))) throw notFound(`Model file not found: '${filename}'`);
      throw invalidInput(
        `${foreignFileProblem(filename)}. This service deletes only its own model files (${MODEL_FILE_EXTENSION}); remove '${filename}' from ${this.store.relativeDir} by hand`,
      );
    }
    if (!filename.endsWith(MODEL_FILE_EXTENSION)) {
      throw invalidInput(
        `only model files (${MODEL_FILE_EXTENSION}) can be deleted, not '${filename}': give a file name from GET models (a model's files go with it)`,
      );
    }
    const { existed } = await this.store.delete(filename);
    if (!existed) throw notFound(`Model file not found: '${filename}'`);
    this.models.forgetFile(filename);
    return { object: 'delete_result', filename, deleted: true };
  }

  backends(): BackendList {
    return backendListing(backendInfos());
  }

  async diskModelCount(): Promise<number> {
    return this.store.count();
  }

  private async run(req: Omit<ScoreRowsRequest, 'explain'>) {
    const resolved = await this.models.resolve(req.model, req.backend);
    const model = await this.models.get(resolved);
    const scalerType = model.meta.scalerType ?? DEFAULT_SCALER_TYPE;
    const ref =
      req.scaler_type && req.scaler_type !== scalerType
        ? {
            ...resolved,
            warnings: [
              ...resolved.warnings,
              `scaler_type '${req.scaler_type}' ignored: model '${resolved.name}' was fitted with the '${scalerType}' scaler, which scoring always uses`,
            ],
          }
        : resolved;
    const x = scoringMatrix(req.data, model.encoder, model.meta.inputDim, this.limits.maxScoreCells);
    const raw = rawScores(model, x);
    const method: Normalization = req.normalization ?? model.meta.normalization;
    const scores = normalize(raw, method, model.stats);
    const threshold = req.threshold ?? model.thresholds[method];
    const flags = new Uint8Array(scores.length);
    for (let i = 0; i < scores.length; i++) flags[i] = scores[i] > threshold ? 1 : 0;
    return { ref, raw, scores, threshold, flags, model, x };
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

/** The list envelope score and detect share: the rows, the model they came from, any warnings. */
const rowList = <T>(ref: ResolvedModel, data: T[]) => ({
  object: 'list' as const,
  data,
  total_count: data.length,
  model: ref.name,
  backend: ref.backend,
  ...warningsOf(ref),
});

const warningsOf = (ref: ResolvedModel): { warnings?: string[] } =>
  ref.warnings.length > 0 ? { warnings: ref.warnings } : {};

/** A name whose file `{name}[_{version}]_{backend}.alm` would not fit in a file name is refused before any work. */
function checkNameLength(name: string, backend: string, versioned: boolean): void {
  const limit = maxModelNameBytes(backend, versioned);
  const bytes = modelNameBytes(name);
  if (bytes <= limit) return;
  const what = versioned ? `the version suffix, backend '${backend}'` : `backend '${backend}'`;
  throw invalidField(
    ['body', 'model'],
    `model name is too long: ${bytes} bytes (UTF-8, after replacing characters other than letters, digits, '_' and '-' by '_'); with ${what} and '${MODEL_FILE_EXTENSION}' the file name must stay within ${MAX_FILENAME_BYTES} bytes, so use at most ${limit}`,
    'string_too_long',
  );
}

function describeDamaged(m: DamagedModel): DamagedModelInfo {
  return { filename: m.filename, size_bytes: m.sizeBytes, modified: m.modifiedMs / 1000, error: m.error };
}

function describeStored(m: StoredModel): StoredModelInfo {
  const meta = m.header.meta;
  return {
    filename: m.filename,
    path: m.path,
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
