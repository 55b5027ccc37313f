import type { Logger } from 'pino';
import type { Detection, MethodList, TimeseriesInfo } from '../contract/timeseries';
import { TooLargeError, invalidInput, notFound } from '../core/errors';
import type { ModelStore } from '../models/modelStore';
import type { FitRunner } from '../training/fitRunner';
import { VERSION } from '../core/version';
import { unitCacheKey, type CachedModel, type CachedRequest } from './cache/cachedModel';
import { featureNames, featureWarmup } from './features/pointFeatures';
import { isoTime } from './output/format';
import { listMethods, methodKind } from './methods/methodCatalog';
import { hashKey, ModelCache } from './cache/modelCache';
import { saveNamedModels } from './cache/namedModels';
import { calendarNotices, type Notice } from './output/notices';
import { autoStepMs, prometheusStatus, queryRange } from '../sources/prometheus';
import { PrometheusPolicy, prometheusAllowList } from '../sources/prometheusPolicy';
import { detectionResponse } from './output/response';
import {
  DEFAULT_TRAINING_MS,
  MAX_EPOCH_MS,
  type DetectRequest,
  type ScorePointsRequest,
  type SeriesInput,
  type TimeWindow,
} from './schemas';
import { medianStep, seriesId } from './input/series';
import { inFitOrder, rejectDuplicateIds, validateSeries } from './input/seriesValidation';
import { detectStreamingUnit, scoreCachedStreaming } from './units/streamingUnit';
import type { StreamingCatalog } from './methods/streamingCatalog';
import { TIMESERIES_REGISTRY } from './methods/streamingRegistryCatalog';
import { detectTabularUnit, scoreCachedTabular } from './units/tabularUnit';
import type { UnitOutcome, UnitResult } from './units/unitResult';
import { multivariateUnit, perSeriesUnits } from './units/units';

export interface TimeseriesDeps {
  readonly runner: FitRunner;
  readonly log: Logger;
  /** Where named models are saved; without it `model_name` is ignored with a notice. */
  readonly store?: ModelStore;
  /** The streaming (time-series) detectors; default: the registry in backend/src/timeseries. */
  readonly streaming?: StreamingCatalog;
  /**
   * The Prometheus servers PromQL sources may query (env LF_PROMETHEUS_URL); the first is used when
   * a request names none. A URL a request names must equal one of these after normalisation.
   */
  readonly prometheusUrls?: readonly string[];
  /** Largest Prometheus answer read per query (env LF_PROMETHEUS_MAX_MB); default 64 MiB. */
  readonly prometheusMaxResponseBytes?: number;
  readonly cacheEntries?: number;
  readonly cacheTtlMs?: number;
  /** Points per request, summed over series (env LF_MAX_SERIES_POINTS). */
  readonly maxPoints?: number;
}

const DEFAULT_MAX_POINTS = 2_500_000;

/** Per request: the Prometheus URL the Grafana route injected (header), if any; only selects an allowed one. */
export interface RequestContext {
  readonly prometheusUrl?: string;
}

/** Time-series detection: series in, per-point scores, bands and merged anomaly regions out. */
export class TimeseriesService {
  private readonly models: ModelCache<CachedModel>;
  private readonly requests: ModelCache<CachedRequest>;
  private readonly streaming: StreamingCatalog;
  private readonly prometheus: PrometheusPolicy;

  constructor(private readonly deps: TimeseriesDeps) {
    this.prometheus = new PrometheusPolicy(
      prometheusAllowList(deps.prometheusUrls ?? []),
      deps.prometheusMaxResponseBytes,
    );
    const entries = deps.cacheEntries ?? 256;
    const ttl = deps.cacheTtlMs ?? 6 * 3600_000;
    this.models = new ModelCache(entries, ttl);
    this.requests = new ModelCache(entries, ttl);
    this.streaming = deps.streaming ?? TIMESERIES_REGISTRY;
  }

  get cachedModels(): number {
    return this.models.size;
  }

  methods(): MethodList {
    const data = listMethods(this.streaming);
    return { object: 'list', data, total: data.length };
  }

  async info(ctx: RequestContext): Promise<TimeseriesInfo> {
    return {
      object: 'timeseries_info',
      version: VERSION,
      models: { on_disk: this.deps.store ? await this.deps.store.count() : 0, cached: this.models.size },
      methods: listMethods(this.streaming).map((m) => m.name),
      prometheus: await prometheusStatus(this.prometheus, ctx.prometheusUrl),
    };
  }

  async detect(req: DetectRequest, ctx: RequestContext): Promise<Detection> {
    const started = performance.now();
    const training = req.training ?? {
      from: Math.max(-MAX_EPOCH_MS, req.range.from - DEFAULT_TRAINING_MS),
      to: req.range.from,
    };
    const kind = methodKind(req.detector.method, this.streaming);
    if (kind === 'streaming' && req.mode === 'multivariate') {
      throw invalidInput(
        `method '${req.detector.method}' scores one series at a time: use mode 'per_series'`,
      );
    }
    const { inputs, source, executed } = await this.resolveSource(req, training, ctx);
    this.assertWithinCap(inputs);
    const series = validateSeries(inputs);
    rejectDuplicateIds(series);
    const { features, detector, mode } = req;
    const modelKey = hashKey({
      source,
      mode,
      features,
      method: detector.method,
      params: detector.params,
      c: detector.contamination,
      training,
    });
    const units = mode === 'multivariate' ? [multivariateUnit(series)] : perSeriesUnits(series);
    this.requests.set(modelKey, {
      source,
      mode,
      features,
      detector,
      training,
      kind,
      memberIds: series.map(seriesId),
    });
    const context = { cache: this.models, modelKey, features, detector, training, range: req.range };
    const outcomes: UnitOutcome[] = await Promise.all(
      units.map((unit) =>
        kind === 'tabular'
          ? detectTabularUnit({ ...context, runner: this.deps.runner }, unit)
          : detectStreamingUnit({ ...context, catalog: this.streaming }, unit),
      ),
    );
    const results = outcomes.flatMap((o) => (o.ok ? [o.result] : []));
    const failures = outcomes.flatMap((o) => (o.ok ? [] : [o.failure]));
    if (results.length === 0) {
      const more = failures.length > 1 ? ` (and ${failures.length - 1} more series alike)` : '';
      throw invalidInput(failures[0].message + more);
    }
    const notices: Notice[] = [
      ...calendarNotices(features, training),
      ...failures.map((f): Notice => ({ severity: 'warning', text: f.message })),
    ];
    if (req.model_name) notices.push(...(await this.saveNamed(req, results, modelKey)));
    const fitted = results.filter((r) => r.status === 'fitted').length;
    this.deps.log.info(
      { method: detector.method, series: series.length, fitted, ms: Math.round(performance.now() - started) },
      'time-series detection',
    );
    return detectionResponse(results, notices, {
      model_key: modelKey,
      method: detector.method,
      kind,
      mode,
      training,
      range: req.range,
      executed_query: executed,
      context_ms: kind === 'tabular' ? featureWarmup(features) * medianStep(units[0].t) : 0,
      featureCount: featureNames(features).length * units[0].members.length,
      started,
    });
  }

  /** Scores new points with the models a detect call cached under `model_key`; never fits. */
  score(req: ScorePointsRequest): Detection {
    const started = performance.now();
    const info = this.requests.get(req.model_key);
    if (!info)
      throw notFound(
        `model key '${req.model_key}' is not cached (expired or the backend restarted): call detect`,
      );
    this.assertWithinCap(req.series);
    const series = validateSeries(req.series);
    rejectDuplicateIds(series);
    const units =
      info.mode === 'multivariate'
        ? [multivariateUnit(inFitOrder(series, info.memberIds))]
        : perSeriesUnits(series);
    const detector = {
      ...info.detector,
      normalization: req.normalization ?? info.detector.normalization,
      threshold: req.threshold ?? info.detector.threshold,
    };
    const scoreFrom = req.score_from ?? -Infinity;
    const results = units.map((unit) => {
      const entry = this.models.get(unitCacheKey(req.model_key, unit.id));
      if (!entry) throw notFound(`no cached model for series '${unit.id}' under this model key: call detect`);
      return entry.kind === 'tabular'
        ? scoreCachedTabular(entry, unit, info.features, scoreFrom, detector)
        : scoreCachedStreaming(this.streaming, entry, unit, scoreFrom, detector);
    });
    return detectionResponse(results, [], {
      model_key: req.model_key,
      method: detector.method,
      kind: info.kind,
      mode: info.mode,
      training: info.training,
      range: { from: scoreFrom, to: Math.max(...units.map((u) => u.t[u.t.length - 1])) },
      executed_query: undefined,
      context_ms: 0,
      featureCount: featureNames(info.features).length * units[0].members.length,
      started,
    });
  }

  /** Series × points per request are capped (checked before any work): 413 naming the cap. */
  private assertWithinCap(series: readonly { timestamps: readonly number[] }[]): void {
    const max = this.deps.maxPoints ?? DEFAULT_MAX_POINTS;
    const points = series.reduce((sum, s) => sum + s.timestamps.length, 0);
    if (points > max) {
      throw new TooLargeError(
        `${series.length} series with ${points} points in all exceeds the cap of ${max} points per request (LF_MAX_SERIES_POINTS): narrow the range, coarsen the step or split the query`,
      );
    }
  }

  private async resolveSource(req: DetectRequest, training: TimeWindow, ctx: RequestContext) {
    if (!req.prometheus) {
      return { inputs: req.series as SeriesInput[], source: req.source, executed: undefined };
    }
    const target = this.prometheus.resolve(ctx.prometheusUrl);
    const from = Math.min(training.from, req.range.from);
    const to = Math.max(training.to, req.range.to);
    const step = req.prometheus.step_ms ?? autoStepMs(from, to);
    const { expr } = req.prometheus;
    const inputs = await queryRange(target, expr, from, to, step);
    // Shown to the client: names the URL only if the client gave it (target.name).
    const executed = `${expr} [step ${step / 1000}s, ${isoTime(from)} – ${isoTime(to)}] on ${target.name}`;
    if (inputs.length === 0) throw invalidInput(`the PromQL query returned no series: ${executed}`);
    // A cache key, never sent: the URL keeps models of different Prometheus servers apart.
    return { inputs, source: `${req.source}|promql|${target.url}|${expr}|${step}`, executed };
  }

  private async saveNamed(req: DetectRequest, results: UnitResult[], modelKey: string): Promise<Notice[]> {
    if (!this.deps.store)
      return [{ severity: 'warning', text: 'this backend has no model store: model not saved' }];
    const saved = results.flatMap((r) => {
      const entry = this.models.get(unitCacheKey(modelKey, r.unit.id));
      return entry?.kind === 'tabular' ? [{ unit: r.unit, entry }] : [];
    });
    if (saved.length === 0) return [{ severity: 'info', text: 'streaming methods keep no model to save' }];
    return saveNamedModels(this.deps.store, req.model_name as string, saved, req.features, req.detector);
  }
}
