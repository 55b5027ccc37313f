import { z } from 'zod';
import { ANOMALY_TYPES, type AnomalyType } from '../contract/monitors';

/** The most events one `POST /v1/events` may carry. */
export const MAX_EVENTS_PER_CALL = 10_000;

/** ISO 8601 date-time with a zone (`Z` or ±hh:mm): a zone-less time would depend on the server's. */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

const name = z.string().min(1, 'must not be empty').max(256);
const amount = z.number().min(0).nullish();
const count = z.number().int().min(0).nullish();

const TIMESTAMP = 'timestamp must be ISO 8601 with a zone (e.g. 2026-01-05T12:00:00Z) or epoch milliseconds';
const timestamp = z.union(
  [
    z.number().min(0, TIMESTAMP),
    z.string().refine((s) => ISO_8601.test(s) && !Number.isNaN(Date.parse(s)), TIMESTAMP),
  ],
  { error: TIMESTAMP },
);

/** One event of `POST /v1/events` (contract/monitors EventInput); null counts as absent. */
export const eventSchema = z.object({
  id: name.nullish(),
  org: name,
  feature: name.nullish(),
  timestamp,
  cost: amount,
  latency_ms: amount,
  status: z.number().int().min(100).max(599).nullish(),
  error: z.boolean().nullish(),
  model_requested: name.nullish(),
  model_actual: name.nullish(),
  tokens_in: count,
  tokens_out: count,
  user: z.string().max(256).nullish(),
});

export type ParsedEvent = z.infer<typeof eventSchema>;

/** Per-monitor options; each may be given alone (PATCH, create, replay). */
export const optionsSchema = z
  .object({
    sensitivity: z.number().min(0.5).max(20),
    min_relative_change: z.number().min(0).max(100),
    trigger_hits: z.number().int().min(1).max(24),
    trigger_window: z.number().int().min(1).max(24),
    extreme_sigma: z.number().min(1).max(1000),
    recovery_checks: z.number().int().min(1).max(288),
    baseline: z.enum(['seasonal', 'classic']),
  })
  .partial()
  .strict();

export type OptionsPatch = z.infer<typeof optionsSchema>;

const direction = z.enum(['up', 'down', 'both']);

/** `POST /v1/monitors`: a PromQL monitor. */
export const createMonitorSchema = z
  .object({
    expr: z.string().trim().min(1, 'must not be empty').max(4096),
    type: z.literal('metric_deviation').default('metric_deviation'),
    name: z.string().trim().min(1).max(256).optional(),
    org: z.string().min(1).max(256).nullish(),
    direction: direction.default('both'),
    options: optionsSchema.default({}),
  })
  .strict();

/** `PATCH /v1/monitors/{id}`. */
export const patchMonitorSchema = z
  .object({
    name: z.string().trim().min(1).max(256).optional(),
    direction: direction.optional(),
    options: optionsSchema.optional(),
  })
  .strict();

const isoOrMs = z.union([
  z.number().int().min(0),
  z
    .string()
    .refine(
      (s) => /^\d+$/.test(s) || !Number.isNaN(Date.parse(s)),
      'expected an ISO 8601 time or epoch milliseconds',
    ),
]);

/** `POST /v1/monitors/check`: optionally as of a past instant (replaying stored data in order). */
export const checkSchema = z.object({ at: isoOrMs.optional() }).strict();

/** `POST /v1/monitors/{id}/replay`. */
export const replaySchema = z
  .object({
    days: z
      .number()
      .min(1 / 24)
      .max(28)
      .default(7),
    config: optionsSchema.default({}),
  })
  .strict();

/** `POST /v1/anomalies/{id}/dismiss|accept`. */
export const feedbackSchema = z.object({ reason: z.string().max(1000).optional() }).strict();

const STATUSES = ['open', 'ongoing', 'recovering', 'resolved', 'dismissed', 'accepted'] as const;
const TYPES = ANOMALY_TYPES as [AnomalyType, ...AnomalyType[]];

/** `GET /v1/anomalies` query string. */
export const anomalyQuerySchema = z
  .object({
    status: z
      .string()
      .transform((s) =>
        s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.enum(STATUSES)))
      .optional(),
    type: z.enum(TYPES).optional(),
    org: z.string().min(1).optional(),
    feature: z.string().min(1).optional(),
    monitor: z.string().min(1).optional(),
    from: isoOrMs.optional(),
    to: isoOrMs.optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
    cursor: z.string().min(1).optional(),
  })
  .strict();

/** `GET /v1/monitors` query string. */
export const monitorQuerySchema = z
  .object({
    kind: z.enum(['events', 'promql']).optional(),
    org: z.string().min(1).optional(),
    feature: z.string().min(1).optional(),
    type: z.enum(TYPES).optional(),
    status: z.enum(['active', 'building_baseline', 'degraded']).optional(),
  })
  .strict();

/** `GET /v1/monitors/{id}/series` query string: the plugin's Monitor query. */
export const seriesQuerySchema = z.object({ from: isoOrMs.optional(), to: isoOrMs.optional() }).strict();

/** ISO text or epoch ms (query strings carry numbers as text) → epoch ms. */
export function toMs(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  return /^\d+$/.test(value) ? Number(value) : Date.parse(value);
}

/** `POST /v1/notifications/redrive`. */
export const redriveSchema = z.object({ key: z.string().min(1).max(1024) }).strict();
