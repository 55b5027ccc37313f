import { dateMath, rangeUtil } from '@grafana/data';
import type { AnomalyQuery } from '../types';

export interface Window {
  from: number;
  to: number;
}

export type WindowResult = { ok: true; window: Window } | { ok: false; error: string };

const MINUTE_MS = 60_000;

export function durationMs(text: string): number | undefined {
  if (!/^\d+(ms|s|m|h|d|w|y)$/.test(text.trim())) return undefined;
  const ms = rangeUtil.intervalToMs(text.trim());
  return ms > 0 ? ms : undefined;
}

function parseTime(text: string | undefined, roundUp: boolean): number | undefined {
  if (!text) return undefined;
  const parsed = dateMath.parse(text.trim(), roundUp);
  return parsed && parsed.isValid() ? parsed.valueOf() : undefined;
}

/**
 * The training window. Relative windows end at a whole multiple of 1/168 of their length (an hour
 * for 7 days) at or before the panel start, so refreshes keep the same window (and the backend's
 * cached model) until that boundary passes; the points in between still give features history.
 */
export function trainingWindow(query: AnomalyQuery, panel: Window): WindowResult {
  if (query.trainingMode === 'fixed') {
    const from = parseTime(query.trainingFrom, false);
    const to = parseTime(query.trainingTo, true);
    if (from === undefined)
      return { ok: false, error: `training from '${query.trainingFrom ?? ''}' is not a time` };
    if (to === undefined)
      return { ok: false, error: `training to '${query.trainingTo ?? ''}' is not a time` };
    if (from >= to) return { ok: false, error: 'the training range must start before it ends' };
    return { ok: true, window: { from, to } };
  }
  const length = durationMs(query.trainingLength ?? '');
  if (length === undefined) {
    return {
      ok: false,
      error: `training length '${query.trainingLength ?? ''}' is not a duration like 7d or 12h`,
    };
  }
  const quantum = Math.max(MINUTE_MS, Math.floor(length / 168 / MINUTE_MS) * MINUTE_MS);
  const to = Math.floor(panel.from / quantum) * quantum;
  return { ok: true, window: { from: to - length, to } };
}
