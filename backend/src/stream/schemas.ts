import { z } from 'zod';
import { BACKEND_NAMES } from '../detectors/registry';
import { STREAMING_DETECTOR_NAMES } from '../streaming/registry';

/** Tabular detectors (refitted on the window) and the causal streaming detectors, by name. */
export const STREAM_BACKENDS: readonly string[] = [...BACKEND_NAMES, ...STREAMING_DETECTOR_NAMES];

/** LlamaFarm's default for streams: ECOD (fast, parameter-free). */
export const DEFAULT_STREAM_BACKEND = 'ecod';

/** Bounds that keep one stream's memory and one request's work small. */
export const MAX_WINDOW_SIZE = 100_000;
const MAX_DERIVED_WINDOWS = 8;
const MAX_LAG = 10_000;

/** Sizes of rolling windows or lags; an empty list asks for none, as LlamaFarm reads it. */
const positiveInts = (name: string) =>
  z
    .array(z.number().int().min(1).max(MAX_LAG))
    .max(MAX_DERIVED_WINDOWS, `${name} takes at most ${MAX_DERIVED_WINDOWS} sizes`);

/** POST /v1/anomaly/stream, with LlamaFarm's names, defaults and bounds (min_samples ≥ 10, …). */
export const streamRequest = z
  .object({
    model: z.string().min(1, 'model must not be empty').max(200).default('default-stream'),
    /** One point (an object or a numeric array) or a batch of them (may be empty); checked in points.ts. */
    data: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())], {
      error: 'data must be a point ({"field": number, …}), a list of points, or a list of numbers',
    }),
    backend: z
      .string()
      .refine((b) => STREAM_BACKENDS.includes(b), {
        message: `unknown backend; valid: ${STREAM_BACKENDS.join(', ')}`,
      })
      .default(DEFAULT_STREAM_BACKEND),
    min_samples: z.number().int().min(10).max(MAX_WINDOW_SIZE).default(50),
    retrain_interval: z
      .number()
      .int()
      .min(10)
      .max(10 * MAX_WINDOW_SIZE)
      .default(100),
    window_size: z.number().int().min(50).max(MAX_WINDOW_SIZE).default(1000),
    contamination: z.number().gt(0).lte(0.5).default(0.1),
    threshold: z.number().min(0).max(1).default(0.5),
    rolling_windows: positiveInts('rolling_windows').nullable().default(null),
    include_lags: z.boolean().default(false),
    lag_periods: positiveInts('lag_periods').nullable().default(null),
    /** Ours: detector parameters (a tabular backend's params, or a causal detector's config overrides). */
    params: z.record(z.string(), z.unknown()).default({}),
  })
  .refine((r) => r.min_samples <= r.window_size, {
    message: 'min_samples must not exceed window_size (the window could never hold enough points)',
    path: ['min_samples'],
  });
export type StreamRequest = z.infer<typeof streamRequest>;

/** The configuration a stream keeps from the request that created it. */
export type StreamConfig = Omit<StreamRequest, 'data' | 'model'>;

/** Top-level fields of the stream request (for unknown-field warnings). */
export const STREAM_FIELDS: readonly string[] = [
  'model',
  'data',
  'backend',
  'min_samples',
  'retrain_interval',
  'window_size',
  'contamination',
  'threshold',
  'rolling_windows',
  'include_lags',
  'lag_periods',
  'params',
];
