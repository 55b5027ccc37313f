import { createStreamingDetector, type StreamingDetectorName } from '../streaming/registry';
import type { StreamingDetector } from '../streaming/types';
import type { StoredPoint } from './pointWindow';
import type { PointScore } from './tabularModel';

/**
 * Causal streaming detectors, one per input feature, fed every point in order: a point's score is
 * the highest of its features' scores, its raw score that feature's signed deviation (in units of
 * the expected spread). A new model version is a fresh set replayed over the window.
 */
export class CausalModel {
  private readonly detectors: StreamingDetector[];
  private lastTimestamp = -Infinity;

  constructor(
    readonly backend: StreamingDetectorName,
    features: number,
    params: Record<string, unknown>,
  ) {
    this.detectors = Array.from({ length: features }, () =>
      createStreamingDetector(backend, params as never),
    );
  }

  update(point: StoredPoint): PointScore {
    // Timestamps never decrease for the detectors, even if arrival times do (clock steps).
    this.lastTimestamp = Math.max(this.lastTimestamp, point.timestampMs);
    let best: PointScore = { score: 0, raw: 0 };
    this.detectors.forEach((detector, j) => {
      const result = detector.update(this.lastTimestamp, point.values[j]);
      if (j === 0 || result.score > best.score) best = { score: result.score, raw: result.deviation };
    });
    return best;
  }

  get lastTimestampMs(): number {
    return this.lastTimestamp;
  }
}
