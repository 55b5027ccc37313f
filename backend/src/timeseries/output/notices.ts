import { MIN_TRUSTED_HISTORY_MS } from '../../streaming/warmup';
import { isoTime } from './format';
import type { FeatureSpec, TimeWindow } from '../schemas';
import type { UnitResult } from '../units/unitResult';
import { unitLabel } from '../units/units';

export interface Notice {
  readonly severity: 'info' | 'warning' | 'error';
  readonly text: string;
}

/** Fewer training rows than this per feature column make a fit unreliable. */
const ROWS_PER_FEATURE = 10;
const MIN_TRAINING_ROWS = 30;

export function resultNotices(result: UnitResult, featureCount: number): Notice[] {
  const label = unitLabel(result.unit);
  const notices: Notice[] = [];
  const enough = Math.max(MIN_TRAINING_ROWS, ROWS_PER_FEATURE * featureCount);
  if (result.trainingPoints < enough) {
    notices.push({
      severity: 'warning',
      text:
        `${label}: only ${result.trainingPoints} training points (want at least ${enough}); ` +
        'scores may be unreliable: widen the training window',
    });
  }
  if (result.historyMs !== undefined && result.historyMs < MIN_TRUSTED_HISTORY_MS) {
    const hours = (result.historyMs / 3_600_000).toFixed(1);
    notices.push({
      severity: 'warning',
      text:
        `${label}: the detector learned from only ${hours} h of history before the range; ` +
        'daily patterns are not learned yet, so normal peaks may be flagged: widen the training window to a day or more',
    });
  }
  if (result.status === 'reused') {
    notices.push({
      severity: 'info',
      text: `${label}: model reused from cache (fitted ${isoTime(Date.parse(result.fittedAt))})`,
    });
  }
  if (result.idx.length === 0)
    notices.push({ severity: 'warning', text: `${label}: no points in the requested range` });
  else if (!result.score.some((s) => Number.isFinite(s))) {
    notices.push({ severity: 'warning', text: `${label}: every point in the requested range is null` });
  }
  return notices;
}

const DAY_MS = 86_400_000;

/** A calendar encoding needs a training window that covers its whole cycle at least once. */
export function calendarNotices(spec: FeatureSpec, training: TimeWindow): Notice[] {
  const span = training.to - training.from;
  const notices: Notice[] = [];
  if (spec.day_of_week && span < 7 * DAY_MS) {
    notices.push({
      severity: 'warning',
      text: 'day-of-week encoding with a training window shorter than 7 days: unseen weekdays will look anomalous',
    });
  }
  if (spec.hour_of_day && span < DAY_MS) {
    notices.push({
      severity: 'warning',
      text: 'hour-of-day encoding with a training window shorter than a day: unseen hours will look anomalous',
    });
  }
  return notices;
}
