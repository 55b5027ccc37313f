import { z } from 'zod';

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
