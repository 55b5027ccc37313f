import type { DeepPartial } from '../../streaming/deepMerge';
import {
  createStreamingDetector,
  isStreamingDetectorName,
  listStreamingDetectors,
  type StreamingConfigs,
} from '../../streaming/registry';
import type { StreamingCatalog, StreamingMethodInfo } from './streamingCatalog';

type AnyConfig = DeepPartial<StreamingConfigs[keyof StreamingConfigs]>;

/** Whether a detector forecasts: feed it two days of a noisy daily wave and look for an expected value. */
function probeBand(name: keyof StreamingConfigs): boolean {
  const detector = createStreamingDetector(name);
  let banded = false;
  for (let i = 0; i < 2 * 288; i++) {
    const t = i * 300_000;
    const r = detector.update(t, 10 + Math.sin((2 * Math.PI * i) / 288) + ((i * 7919) % 17) / 17);
    banded = Number.isFinite(r.expected) && Number.isFinite(r.upper);
  }
  return banded;
}

let infos: StreamingMethodInfo[] | undefined;

/** The streaming detectors of backend/src/timeseries, offered by the time-series endpoint. */
export const TIMESERIES_REGISTRY: StreamingCatalog = {
  list: () =>
    (infos ??= listStreamingDetectors().map(({ name, description }) => ({
      name,
      description,
      has_band: probeBand(name),
    }))),
  create: (name, params) =>
    isStreamingDetectorName(name) ? createStreamingDetector(name, params as AnyConfig as never) : undefined,
};
