/** Floors that keep a near-constant series from alerting on tiny changes. */
export interface SpreadFloors {
  /** Absolute floor, in the series' units. */
  readonly absFloor: number;
  /** Floor as a fraction of |expected|. */
  readonly relFloor: number;
  /** Floor as a fraction of the range (max − min) observed so far. */
  readonly rangeFloor: number;
}

/** σ_eff = max(σ, absFloor, relFloor·|expected|, rangeFloor·range, tiny). */
export function effectiveSpread(spread: number, expected: number, range: number, f: SpreadFloors): number {
  let s = Number.isFinite(spread) ? spread : 0;
  if (f.absFloor > s) s = f.absFloor;
  const rel = f.relFloor * Math.abs(expected);
  if (rel > s) s = rel;
  const rng = f.rangeFloor * range;
  if (rng > s) s = rng;
  return s > 1e-12 ? s : 1e-12;
}

/** Running lifetime minimum and maximum (O(1) memory). */
export class RangeTracker {
  min = Infinity;
  max = -Infinity;

  add(x: number): void {
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }

  get range(): number {
    return this.max > this.min ? this.max - this.min : 0;
  }

  reset(): void {
    this.min = Infinity;
    this.max = -Infinity;
  }
}
