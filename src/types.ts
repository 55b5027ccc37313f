import type { DataSourceJsonData } from '@grafana/data';
import type { DataQuery, DataSourceRef } from '@grafana/schema';

/** `monitor`, `anomaly_feed` and `monitor_status` read the backend's baseline monitors (the provisioned dashboard uses them). */
export type QueryType = 'detect' | 'models' | 'monitor' | 'anomaly_feed' | 'monitor_status';
const MONITOR_QUERY_TYPES: readonly QueryType[] = ['monitor', 'anomaly_feed', 'monitor_status'];

/** Query types answered from the backend's baseline monitors rather than by a detection. */
export function isMonitorQuery(type: QueryType | undefined): boolean {
  return type !== undefined && MONITOR_QUERY_TYPES.includes(type);
}

export type SourceKind = 'datasource' | 'promql' | 'csv';
export type TrainingMode = 'relative' | 'fixed';
export type DetectMode = 'per_series' | 'multivariate';
export type Normalization = 'standardization' | 'zscore' | 'raw';
export type CutoffMode = 'contamination' | 'threshold';

export interface FeatureOptions {
  value: boolean;
  /** Differences value[i] - value[i-k], as comma-separated k (points). */
  diffs: string;
  /** Rolling mean and std windows, comma-separated (points). */
  rolling: string;
  lags: string;
  hourOfDay: boolean;
  dayOfWeek: boolean;
}

export interface AnomalyQuery extends DataQuery {
  queryType?: QueryType;
  source?: SourceKind;
  /** Source (a): another data source and its own query. */
  sourceDatasource?: DataSourceRef;
  sourceQuery?: DataQuery;
  /** Source (b): PromQL the backend runs against its Prometheus. */
  expr?: string;
  /** Source (c): inline CSV, a time column then one column per series. */
  csv?: string;
  method?: string;
  mode?: DetectMode;
  trainingMode?: TrainingMode;
  /** Relative training: this much time before the panel range (Grafana duration, e.g. 7d). */
  trainingLength?: string;
  /** Fixed training range: ISO date-times or Grafana expressions like now-30d. */
  trainingFrom?: string;
  trainingTo?: string;
  features?: FeatureOptions;
  normalization?: Normalization;
  cutoff?: CutoffMode;
  contamination?: number;
  threshold?: number;
  modelName?: string;
  /** Monitor queries: the org and feature (template variables welcome; empty, All or `.*` means every one). */
  org?: string;
  feature?: string;
  /** Monitor queries: one monitor by id; empty means every monitor of the org and feature. */
  monitorId?: string;
  /** Anomaly feed: statuses to list, comma-separated (empty: all). */
  anomalyStatus?: string;
  /** Set for dashboard annotation queries: only the anomaly events are returned. */
  annotationsOnly?: boolean;
}

export interface AnomalyOptions extends DataSourceJsonData {
  /** The anomaly backend, e.g. http://localhost:11540; Grafana's proxy calls it (plugin.json route). */
  backendUrl?: string;
  /** Prometheus the backend queries for PromQL sources; passed by the route as a header. */
  prometheusUrl?: string;
}

export interface AnomalySecureOptions {
  apiKey?: string;
}

export const DEFAULT_FEATURES: FeatureOptions = {
  value: true,
  diffs: '1',
  rolling: '10',
  lags: '',
  hourOfDay: false,
  dayOfWeek: false,
};

type Defaulted =
  'queryType' | 'source' | 'method' | 'mode' | 'trainingMode' | 'features' | 'normalization' | 'cutoff';

/** A query with every option that has a default filled in. */
export type FilledQuery = AnomalyQuery & Required<Pick<AnomalyQuery, Defaulted>>;

export const DEFAULT_QUERY: Required<Pick<AnomalyQuery, Defaulted | 'trainingLength' | 'contamination'>> = {
  queryType: 'detect',
  source: 'datasource',
  // The backend's default too (GET /v1/timeseries/methods marks it): best measured on NAB.
  method: 'ensemble',
  mode: 'per_series',
  trainingMode: 'relative',
  trainingLength: '7d',
  features: DEFAULT_FEATURES,
  normalization: 'standardization',
  cutoff: 'contamination',
  contamination: 0.01,
};

/** The query with every option filled in from the defaults. */
export function withDefaults(query: AnomalyQuery): FilledQuery {
  const filled = { ...DEFAULT_QUERY, ...query, features: { ...DEFAULT_FEATURES, ...query.features } };
  for (const key of Object.keys(DEFAULT_QUERY) as Array<keyof typeof DEFAULT_QUERY>) {
    if (filled[key] === undefined) Object.assign(filled, { [key]: DEFAULT_QUERY[key] });
  }
  return filled;
}
