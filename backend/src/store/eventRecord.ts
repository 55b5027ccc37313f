/**
 * One event as the store takes it: validated and normalized by the ingest API (timestamp in epoch
 * ms, the error rule applied, absent numbers as 0), so every store implementation aggregates alike.
 */
export interface EventRecord {
  /** Client id for de-duplication (per org); null when the client sent none. */
  id: string | null;
  org: string;
  feature: string | null;
  /** Epoch milliseconds. */
  ts: number;
  cost: number;
  latencyMs: number | null;
  /** `error: true`, status ≥ 500 or 429. */
  error: boolean;
  modelRequested: string | null;
  modelActual: string | null;
  tokensIn: number;
  tokensOut: number;
}

/** How long aggregates and event ids are kept (28 days of 5-minute buckets). */
export const RETENTION_MS = 28 * 24 * 3_600_000;
