import type { StoredPoint } from './pointWindow';

/** Points on disk: their timestamps, and their values row-major as float64 in base64 (exact, compact). */
export interface PackedPoints {
  readonly timestamps: number[];
  readonly values: string;
}

export function packPoints(points: readonly StoredPoint[]): PackedPoints {
  const width = points[0]?.values.length ?? 0;
  const all = new Float64Array(points.length * width);
  points.forEach((p, i) => all.set(p.values, i * width));
  return { timestamps: points.map((p) => p.timestampMs), values: Buffer.from(all.buffer).toString('base64') };
}

export function unpackPoints({ timestamps, values }: PackedPoints, width: number): StoredPoint[] {
  const all = new Float64Array(new Uint8Array(Buffer.from(values, 'base64')).buffer);
  if (all.length !== timestamps.length * width) throw new Error('stored stream points are inconsistent');
  return timestamps.map((timestampMs, i) => ({ values: all.slice(i * width, (i + 1) * width), timestampMs }));
}
