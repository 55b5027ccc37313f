import { FieldType, getFieldDisplayName, toDataFrame, type DataFrame } from '@grafana/data';
import type { SeriesPoints } from '../api/backendTypes';

/**
 * Every numeric field of every frame becomes one series over the frame's time field, sorted by
 * time with repeated timestamps collapsed to their last value (the backend refuses duplicates).
 */
export function framesToSeries(data: unknown[]): SeriesPoints[] {
  const frames = data.map((d) => toDataFrame(d));
  const out: SeriesPoints[] = [];
  for (const frame of frames) {
    const time = frame.fields.find((f) => f.type === FieldType.time);
    if (!time) continue;
    for (const field of frame.fields) {
      if (field.type !== FieldType.number) continue;
      out.push(
        points(
          getFieldDisplayName(field, frame, frames as DataFrame[]),
          field.labels ?? {},
          time.values,
          field.values,
        ),
      );
    }
  }
  return out;
}

function points(
  name: string,
  labels: Record<string, string>,
  times: ArrayLike<unknown>,
  values: ArrayLike<unknown>,
): SeriesPoints {
  const order = Array.from({ length: times.length }, (_, i) => i)
    .filter((i) => Number.isFinite(Number(times[i])) && times[i] !== null)
    .sort((a, b) => Number(times[a]) - Number(times[b]));
  const timestamps: number[] = [];
  const out: Array<number | null> = [];
  for (const i of order) {
    const t = Number(times[i]);
    const v = values[i];
    const value = typeof v === 'number' && Number.isFinite(v) ? v : null;
    if (timestamps.length > 0 && timestamps[timestamps.length - 1] === t) out[out.length - 1] = value;
    else {
      timestamps.push(t);
      out.push(value);
    }
  }
  return { name, labels, timestamps, values: out };
}
