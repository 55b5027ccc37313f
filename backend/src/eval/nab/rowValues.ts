import type { NabProfile } from './profiles';
import type { RowWindow } from './windows';

/** NAB's scaled sigmoid: 2/(1+e^{5y}) − 1 for y ≤ 3, else −1. */
export function scaledSigmoid(y: number): number {
  if (y > 3) return -1;
  return 2 / (1 + Math.exp(5 * y)) - 1;
}

/** Rows 0..P−1 are never scored: P = min(floor(0.15·n), 750). */
export function probationaryPeriod(n: number): number {
  return Math.min(Math.floor(0.15 * n), 750);
}

/**
 * What flagging each row is worth under `profile`, and which window (or −1) it belongs to.
 * Inside window k (width w): A_TP·σ(−(end−i+1)/w)/σ(−1). Outside: −A_FP before any window,
 * A_FP·σ((i−end)/(w−1)) after one (end, w of the most recent earlier window).
 */
export function rowValues(
  n: number,
  windows: readonly RowWindow[],
  profile: NabProfile,
): { value: Float64Array; window: Int32Array } {
  const value = new Float64Array(n);
  const window = new Int32Array(n).fill(-1);
  const maxTp = scaledSigmoid(-1);
  let k = 0; // next window not yet passed
  let prev = -1; // most recent window fully before row i
  for (let i = 0; i < n; i++) {
    while (k < windows.length && windows[k].end < i) prev = k++;
    const w = k < windows.length && windows[k].start <= i ? windows[k] : null;
    if (w !== null) {
      const width = w.end - w.start + 1;
      value[i] = (profile.tp * scaledSigmoid(-(w.end - i + 1) / width)) / maxTp;
      window[i] = k;
    } else if (prev < 0) {
      value[i] = -profile.fp;
    } else {
      const p = windows[prev];
      const width = p.end - p.start + 1;
      value[i] = profile.fp * scaledSigmoid((i - p.end) / Math.max(width - 1, 1));
    }
  }
  return { value, window };
}
