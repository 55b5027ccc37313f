import { withDefaults, type AnomalyQuery } from '../types';
import { parseCsv } from './csv';
import { parseIntList } from './intList';
import { trainingWindow } from './trainingWindow';

export type QueryField =
  | 'sourceDatasource'
  | 'expr'
  | 'csv'
  | 'method'
  | 'training'
  | 'diffs'
  | 'rolling'
  | 'lags'
  | 'features'
  | 'contamination'
  | 'threshold'
  | 'modelName';

export type QueryErrors = Partial<Record<QueryField, string>>;

const MAX_WINDOW = 10_000;

/** Problems with a Detect query, by field, in words the editor shows as you type. */
export function validateQuery(raw: AnomalyQuery): QueryErrors {
  if ((raw.queryType ?? 'detect') !== 'detect') return {};
  const q = withDefaults(raw);
  const errors: QueryErrors = {};
  if (q.source === 'datasource' && !q.sourceDatasource?.uid)
    errors.sourceDatasource = 'choose the data source to analyse';
  if (q.source === 'promql' && !q.expr?.trim()) errors.expr = 'enter a PromQL expression';
  if (q.source === 'csv') {
    const csv = parseCsv(q.csv ?? '');
    if (!csv.ok) errors.csv = csv.error;
  }
  if (!q.method) errors.method = 'choose a detector';
  // Any panel range will do to check the settings themselves.
  const training = trainingWindow(q, { from: Date.now() - 3600_000, to: Date.now() });
  if (!training.ok) errors.training = training.error;
  const lists = [
    ['diffs', q.features.diffs, 1, 5],
    ['rolling', q.features.rolling, 2, 5],
    ['lags', q.features.lags, 1, 10],
  ] as const;
  for (const [field, text, min, maxCount] of lists) {
    const parsed = parseIntList(text, min, MAX_WINDOW, maxCount);
    if (!parsed.ok) errors[field] = parsed.error;
  }
  const f = q.features;
  const any = f.value || f.diffs.trim() || f.rolling.trim() || f.lags.trim() || f.hourOfDay || f.dayOfWeek;
  if (!any) errors.features = 'choose at least one feature';
  if (q.cutoff === 'threshold') {
    if (q.threshold === undefined || !Number.isFinite(q.threshold))
      errors.threshold = 'enter a score threshold';
  } else if (!(q.contamination !== undefined && q.contamination > 0 && q.contamination <= 0.5)) {
    errors.contamination = 'contamination is the expected share of anomalies: more than 0 and at most 0.5';
  }
  if (q.modelName && !/^[A-Za-z0-9_${}.-]{1,200}$/.test(q.modelName)) {
    errors.modelName = 'use letters, digits, _ and - (and $variables) only';
  }
  return errors;
}
