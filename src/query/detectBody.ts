import type { DetectBody } from '../api/backendTypes';
import { withDefaults, type AnomalyQuery } from '../types';
import { parseIntList } from './intList';
import type { Window } from './trainingWindow';

const list = (text: string, min: number): number[] => {
  const parsed = parseIntList(text, min, 10_000, 10);
  return parsed.ok ? parsed.values : [];
};

/** Everything of a detect request except where the points come from. */
export type DetectSettings = Omit<DetectBody, 'source' | 'series' | 'prometheus'>;

export function detectSettings(
  raw: AnomalyQuery,
  range: Window,
  training: Window,
  utcOffsetMinutes: number,
): DetectSettings {
  const q = withDefaults(raw);
  const f = q.features;
  return {
    range,
    training,
    mode: q.mode,
    features: {
      value: f.value,
      diffs: list(f.diffs, 1),
      rolling: list(f.rolling, 2),
      lags: list(f.lags, 1),
      hour_of_day: f.hourOfDay,
      day_of_week: f.dayOfWeek,
      utc_offset_minutes: utcOffsetMinutes,
    },
    detector: {
      method: q.method,
      normalization: q.normalization,
      contamination: q.contamination ?? 0.01,
      ...(q.cutoff === 'threshold' && q.threshold !== undefined ? { threshold: q.threshold } : {}),
    },
    ...(q.modelName ? { model_name: q.modelName } : {}),
  };
}
