import {
  DataSourceApi,
  type AnnotationQuery,
  type AnnotationSupport,
  type DataFrame,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
  type MetricFindValue,
  type ScopedVars,
  type TestDataSourceResponse,
} from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import { BackendClient } from './api/backendClient';
import type { Detection } from './api/backendTypes';
import { detectionFrames, noticeFrame } from './frames/detectionFrames';
import { modelsFrame } from './frames/modelsFrame';
import { parseCsv } from './query/csv';
import { detectSettings, type DetectSettings } from './query/detectBody';
import { DatasourceDetection } from './query/datasourceDetection';
import { MonitorQueries } from './query/monitorQueries';
import { monitorVariable } from './query/monitorVariables';
import { trainingWindow, type Window } from './query/trainingWindow';
import { utcOffsetMinutes } from './query/utcOffset';
import { validateQuery } from './query/validation';
import { DEFAULT_QUERY, isMonitorQuery, withDefaults, type AnomalyOptions, type AnomalyQuery } from './types';

export class AnomalyLensDataSource extends DataSourceApi<AnomalyQuery, AnomalyOptions> {
  readonly client: BackendClient;
  private readonly sourceDetector: DatasourceDetection;
  private readonly monitorQueries: MonitorQueries;

  /**
   * Dashboard annotation queries reuse the query editor and get only the anomaly events: of a
   * detection, or of the baseline monitors (every anomaly when the annotation has no query yet).
   */
  override annotations: AnnotationSupport<AnomalyQuery> = {
    prepareQuery: (anno: AnnotationQuery<AnomalyQuery>) => {
      const target = anno.target ?? { refId: 'Anno', queryType: 'anomaly_feed' as const };
      return { ...target, refId: target.refId || 'Anno', annotationsOnly: true };
    },
  };

  constructor(private readonly settings: DataSourceInstanceSettings<AnomalyOptions>) {
    super(settings);
    this.client = new BackendClient(`${settings.url ?? ''}/lens`);
    this.sourceDetector = new DatasourceDetection(this.client);
    this.monitorQueries = new MonitorQueries(this.client, settings.url ?? '');
  }

  override getDefaultQuery(): Partial<AnomalyQuery> {
    return DEFAULT_QUERY;
  }

  override filterQuery(query: AnomalyQuery): boolean {
    return !query.hide;
  }

  override async query(request: DataQueryRequest<AnomalyQuery>): Promise<DataQueryResponse> {
    const targets = request.targets.filter((t) => !t.hide);
    const frames = await Promise.all(targets.map((t) => this.runTarget(request, t)));
    return { data: frames.flat() };
  }

  override interpolateVariablesInQueries(queries: AnomalyQuery[], scopedVars: ScopedVars): AnomalyQuery[] {
    return queries.map((q) => this.interpolate(q, scopedVars));
  }

  /** Template variables in the PromQL, training range and model name. The source query's own data source interpolates its query. */
  private interpolate(query: AnomalyQuery, scopedVars: ScopedVars): AnomalyQuery {
    const srv = getTemplateSrv();
    const replace = (text: string | undefined) =>
      text === undefined ? undefined : srv.replace(text, scopedVars);
    return {
      ...query,
      expr: replace(query.expr),
      trainingLength: replace(query.trainingLength),
      trainingFrom: replace(query.trainingFrom),
      trainingTo: replace(query.trainingTo),
      modelName: replace(query.modelName),
      method: replace(query.method),
      org: replace(query.org),
      feature: replace(query.feature),
      monitorId: replace(query.monitorId),
      anomalyStatus: replace(query.anomalyStatus),
    };
  }

  private async runTarget(
    request: DataQueryRequest<AnomalyQuery>,
    target: AnomalyQuery,
  ): Promise<DataFrame[]> {
    const query = withDefaults(this.interpolate(target, request.scopedVars));
    try {
      if (query.queryType === 'models') return [modelsFrame(await this.client.models(), query.refId)];
      if (isMonitorQuery(query.queryType)) {
        return await this.monitorQueries.run(query, {
          refId: query.refId,
          range: { from: request.range.from.valueOf(), to: request.range.to.valueOf() },
          annotationsOnly: Boolean(query.annotationsOnly),
          now: Date.now(),
        });
      }
      return await this.detect(request, query);
    } catch (error) {
      return [noticeFrame(query.refId, error instanceof Error ? error.message : String(error))];
    }
  }

  private async detect(request: DataQueryRequest<AnomalyQuery>, query: AnomalyQuery): Promise<DataFrame[]> {
    const problems = Object.values(validateQuery(query));
    if (problems.length > 0) return [noticeFrame(query.refId, `fix the query: ${problems.join('; ')}`)];
    const panel = { from: request.range.from.valueOf(), to: request.range.to.valueOf() };
    const training = trainingWindow(query, panel);
    if (!training.ok) return [noticeFrame(query.refId, training.error)];
    const settings = detectSettings(
      query,
      panel,
      training.window,
      utcOffsetMinutes(request.timezone, panel.from),
    );
    const { detection, executed } = await this.detection(request, query, settings);
    return detectionFrames(detection, {
      refId: query.refId,
      annotationsOnly: Boolean(query.annotationsOnly),
      normalized: settings.detector.normalization === 'standardization',
      executedQueryString: `${executed}\ndetector ${settings.detector.method} (${settings.mode}), training ${iso(training.window)}, model ${detection.meta.model_status}`,
      notices: [],
    });
  }

  private async detection(
    request: DataQueryRequest<AnomalyQuery>,
    query: AnomalyQuery,
    settings: DetectSettings,
  ): Promise<{ detection: Detection; executed: string }> {
    if (query.source === 'promql') {
      const detection = await this.client.detect({
        ...settings,
        source: `promql:${query.expr}`,
        prometheus: { expr: query.expr ?? '' },
      });
      return { detection, executed: detection.meta.executed_query ?? (query.expr as string) };
    }
    if (query.source === 'csv') {
      const csv = parseCsv(query.csv ?? '');
      if (!csv.ok) throw new Error(csv.error);
      const detection = await this.client.detect({ ...settings, source: 'csv', series: csv.series });
      return {
        detection,
        executed: `inline CSV: ${csv.series.length} series × ${csv.series[0].timestamps.length} points`,
      };
    }
    return this.sourceDetector.detect(request, query, settings);
  }

  /**
   * Variable queries: `models` lists saved models, `methods` (or `backends`) the detectors;
   * `orgs`, `features(<org>)` and `monitors(<org>, <feature>)` the monitors' orgs, features and ids.
   */
  override async metricFindQuery(
    query: string | { query?: string },
    options?: { scopedVars?: ScopedVars },
  ): Promise<MetricFindValue[]> {
    const raw = getTemplateSrv().replace(
      typeof query === 'string' ? query : (query.query ?? ''),
      options?.scopedVars,
    );
    const monitors = monitorVariable(raw);
    if (monitors) return monitors.values(await this.monitorQueries.monitors(monitors.scope));
    const text = raw.trim().toLowerCase();
    if (text === 'models') {
      const names = (await this.client.models()).map((m) => m.name ?? m.filename);
      return [...new Set(names)].map((name) => ({ text: name, value: name }));
    }
    if (text === 'methods' || text === 'backends') {
      return (await this.client.methods()).map((m) => ({ text: m.name, value: m.name }));
    }
    throw new Error(
      `unknown variable query '${text}': use models, methods, orgs, features(<org>) or monitors(<org>, <feature>)`,
    );
  }

  override async testDatasource(): Promise<TestDataSourceResponse> {
    if (!this.settings.jsonData.backendUrl) return { status: 'error', message: 'set the backend URL first' };
    try {
      const info = await this.client.info();
      const prom = info.prometheus;
      const prometheus = !prom.configured
        ? 'no Prometheus URL set (PromQL sources are off)'
        : prom.ok
          ? `Prometheus ${prom.version ?? ''} answers`.replace('  ', ' ')
          : prom.message; // names the Prometheus and the reason (the backend words it for the client)
      return {
        status: prom.configured && !prom.ok ? 'warning' : 'success',
        message: `Anomaly backend ${info.version}: ${info.models.on_disk} saved model(s), ${info.methods.length} detectors. ${prometheus}.`,
      };
    } catch (error) {
      return { status: 'error', message: error instanceof Error ? error.message : String(error) };
    }
  }
}

function iso(w: Window): string {
  const f = (t: number) => new Date(t).toISOString().replace(':00.000Z', 'Z');
  return `${f(w.from)} – ${f(w.to)}`;
}
