import type { StreamingDetector } from '../../streaming/types';

export interface StreamingMethodInfo {
  readonly name: string;
  readonly description: string;
  /** Whether it gives an expected value and a band (undefined: assume it does). */
  readonly has_band?: boolean;
}

/**
 * The time-series (streaming) detectors the endpoint offers besides the tabular backends, by name
 * (streamingRegistryCatalog.ts adapts backend/src/timeseries/registry.ts); `create` throws on
 * invalid params and returns undefined for unknown names.
 */
export interface StreamingCatalog {
  list(): readonly StreamingMethodInfo[];
  create(name: string, params: Record<string, unknown>): StreamingDetector | undefined;
}
