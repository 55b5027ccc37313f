import { z } from 'zod';
import { NORMALIZATIONS } from '../core/normalization';
import { nullableNumberArray, numberArray } from '../core/numberArray';
import { DEFAULT_TIMESERIES_METHOD } from './methods/methodCatalog';

const MAX_POINTS = 2_000_000;

/** The JavaScript Date range: ±8.64e15 ms (±100 million days) around the epoch. */
export const MAX_EPOCH_MS = 8.64e15;
const outOfRange = `must be epoch milliseconds within ±${MAX_EPOCH_MS} (the Date range, years −271821 to 275760)`;
/** An instant in epoch milliseconds that a Date can represent. */
const epochMs = z.number().min(-MAX_EPOCH_MS, outOfRange).max(MAX_EPOCH_MS, outOfRange);

export const seriesInput = z
  .object({
    name: z.string().max(500).default('series'),
    labels: z.record(z.string(), z.string()).default({}),
    /** Epoch milliseconds within ±MAX_EPOCH_MS, strictly increasing (checked in seriesValidation.ts with a useful message). */
    timestamps: numberArray(MAX_POINTS),
    /** One value per timestamp; null marks a gap. */
    values: nullableNumberArray(MAX_POINTS),
  })
  .strict();
export type SeriesInput = z.infer<typeof seriesInput>;

export const timeWindow = z
  .object({ from: epochMs, to: epochMs })
  .strict()
  .refine((w) => w.from < w.to, { message: 'window needs from < to (epoch ms)' });
export type TimeWindow = z.infer<typeof timeWindow>;

const windowLength = z.number().int().min(1).max(10_000);

export const featureSpec = z
  .object({
    value: z.boolean().default(true),
    /** Differences value[i] - value[i-k] for each k. */
    diffs: z.array(windowLength).max(5).default([]),
    /** Trailing rolling mean and standard deviation over each window (in points). */
    rolling: z.array(windowLength.min(2)).max(5).default([]),
    lags: z.array(windowLength).max(10).default([]),
    hour_of_day: z.boolean().default(false),
    day_of_week: z.boolean().default(false),
    /** Offset of the local clock from UTC for the calendar encodings. */
    utc_offset_minutes: z.number().int().min(-840).max(840).default(0),
  })
  .strict();
export type FeatureSpec = z.infer<typeof featureSpec>;

export const detectorConfig = z
  .object({
    method: z.string().min(1).default(DEFAULT_TIMESERIES_METHOD),
    params: z.record(z.string(), z.unknown()).default({}),
    contamination: z.number().gt(0).lte(0.5).default(0.01),
    threshold: z.number().optional(),
    normalization: z.enum(NORMALIZATIONS).default('standardization'),
  })
  .strict();
export type DetectorConfig = z.infer<typeof detectorConfig>;

export const prometheusSource = z
  .object({
    expr: z.string().min(1, 'PromQL expression is empty').max(20_000),
    step_ms: z.number().int().min(1000).optional(),
  })
  .strict();

export const detectRequest = z
  .object({
    /** Identifies where the series came from (e.g. data source + query); part of the model cache key. */
    source: z.string().max(10_000).default(''),
    series: z.array(seriesInput).min(1, 'send at least one series').max(1000).optional(),
    prometheus: prometheusSource.optional(),
    /** The range to score (the panel's time range). */
    range: timeWindow,
    /** Training rows are those with from <= t < to; default: the 7 days before range.from. */
    training: timeWindow.optional(),
    mode: z.enum(['per_series', 'multivariate']).default('per_series'),
    features: featureSpec.default(featureSpec.parse({})),
    detector: detectorConfig.default(detectorConfig.parse({})),
    /** Save the fitted model(s) under this name so they appear in GET /v1/anomaly/models. */
    model_name: z.string().min(1).max(200).optional(),
  })
  .strict()
  .refine((r) => (r.series === undefined) !== (r.prometheus === undefined), {
    message: 'give exactly one source: `series` (points) or `prometheus` (a PromQL expression)',
    path: ['series'],
  });
export type DetectRequest = z.infer<typeof detectRequest>;

export const scorePointsRequest = z
  .object({
    model_key: z.string().min(1),
    series: z.array(seriesInput).min(1, 'send at least one series').max(1000),
    /** Points before this are context for the features only; default: the first point. */
    score_from: epochMs.optional(),
    threshold: z.number().optional(),
    normalization: z.enum(NORMALIZATIONS).optional(),
  })
  .strict();
export type ScorePointsRequest = z.infer<typeof scorePointsRequest>;

export const DEFAULT_TRAINING_MS = 7 * 24 * 3600 * 1000;
