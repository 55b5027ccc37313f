/** The backend's wire format, as the plugin reads it: one definition, in backend/src/contract. */
export type {
  Detection,
  DetectionMeta,
  DetectBody,
  MethodInfo,
  Notice,
  Region,
  SeriesPoints,
  SeriesResult,
  TimeseriesInfo as BackendInfo,
} from '../../backend/src/contract/timeseries';
export type { StoredModelInfo as SavedModel } from '../../backend/src/contract/anomaly';
export type {
  Anomaly,
  AnomalyStatus,
  Monitor,
  MonitorSeriesReport,
  PipelineHealth,
} from '../../backend/src/contract/monitors';
