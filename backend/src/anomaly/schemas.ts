import { z } from 'zod';
import { SCALER_TYPES } from '../core/featureScaler';
import { NORMALIZATIONS } from '../core/normalization';
import { BACKEND_NAMES, DEFAULT_BACKEND } from '../detectors/registry';
import { ENCODING_TYPES } from '../encoding/encoders';

const knownBackend = z.string().refine((b) => BACKEND_NAMES.includes(b), {
  error: (issue) => `unknown backend '${String(issue.input)}'; valid: ${BACKEND_NAMES.join(', ')}`,
});
/** Fits default to Isolation Forest, as LlamaFarm's do. */
const backend = knownBackend.default(DEFAULT_BACKEND);
/** Absent on score/detect/save/load: the model's only fitted backend is used (see service.ts). */
const modelBackend = knownBackend.optional();

/**
 * A model name becomes the file name `{name}[_{version}]_{backend}.alm` (at most 255 bytes); fits
 * check the exact limit for their backend and versioning (service.ts) before any training.
 */
const modelName = z
  .string()
  .min(1, 'model name must not be empty')
  .max(255, 'model name is too long: a model file name holds at most 255 bytes')
  .default('default');
const normalization = z.enum(NORMALIZATIONS);

/**
 * `data` is checked element by element in features.ts (a fast typed-array pass with exact error
 * locations); here it only has to be an array.
 */
const data = z.array(z.unknown());

/** Encoding types are checked in features.ts: an unknown type is a 400 naming the valid ones. */
const schema = z.record(z.string(), z.string()).optional();

export const fitRequest = z.object({
  model: modelName,
  backend,
  data,
  schema,
  contamination: z.number().gt(0).lte(0.5).default(0.1),
  normalization: normalization.default('standardization'),
  epochs: z.number().int().min(1).max(10_000).default(100),
  batch_size: z.number().int().min(1).max(100_000).default(32),
  /** How features are scaled before the detector (LlamaFarm's `scaler_type`). */
  scaler_type: z.enum(SCALER_TYPES).default('robust'),
  /**
   * Early stopping of the autoencoder (LlamaFarm's fields and bounds; absent: its defaults, see
   * DEFAULT_EARLY_STOPPING). Sent for a backend that does not stop early, they earn a warning.
   */
  validation_split: z.number().min(0).max(0.5).optional(),
  patience: z.number().int().min(1).max(10_000).optional(),
  min_delta: z.number().min(0).optional(),
  params: z.record(z.string(), z.unknown()).default({}),
  /** Versioning layer only; absent means false, as documented (LlamaFarm's server defaults to true: see service.ts). */
  overwrite: z.boolean().optional(),
  /** Return a job id at once and train in the background (GET /v1/anomaly/jobs/{id}). */
  async: z.boolean().default(false),
  description: z.string().max(2000).nullable().optional(),
});
export type FitRequest = z.infer<typeof fitRequest>;

export const scoreRowsRequest = z.object({
  model: modelName,
  backend: modelBackend,
  data,
  schema,
  normalization: normalization.optional(),
  threshold: z.number().optional(),
  /** Accepted for LlamaFarm clients; the model's own scaler is always used (a mismatch earns a warning). */
  scaler_type: z.enum(SCALER_TYPES).optional(),
  /** Attach an explanation (explain/) to every anomalous row. */
  explain: z.boolean().default(false),
  /** Features listed per explanation. */
  top_k: z.number().int().min(1).max(100).default(5),
});
export type ScoreRowsRequest = z.infer<typeof scoreRowsRequest>;

/** POST explain: every row scored; anomalous rows explained, or all of them with `all_rows`. */
export const explainRequest = scoreRowsRequest.omit({ explain: true }).extend({
  all_rows: z.boolean().default(false),
});
export type ExplainRequest = z.infer<typeof explainRequest>;

export const modelRef = z.object({ model: modelName, backend: modelBackend });
export type ModelRef = z.infer<typeof modelRef>;

export const VALID_ENCODINGS: readonly string[] = ENCODING_TYPES;
