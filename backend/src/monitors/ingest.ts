import { InvalidFieldsError, TooLargeError, type FieldIssue } from '../core/errors';
import type { IngestResult } from '../contract/monitors';
import { RETENTION_MS, type EventRecord } from '../store/eventRecord';
import type { MonitorStore } from '../store/monitorStore';
import { eventSchema, MAX_EVENTS_PER_CALL, type ParsedEvent } from './schemas';

/** Events stamped further ahead of the server clock than this are refused (clock skew allowance). */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** At most this many invalid fields are listed in one answer. */
const MAX_ISSUES = 20;

export interface IngestOptions {
  latenessMs: number;
  now?: () => number;
  /** Called after a batch is committed (the checker marks the groups it touched as stale). */
  onCommitted?: (events: readonly EventRecord[], result: IngestResult) => void;
}

/**
 * `POST /v1/events`: validates the whole call first (all or nothing: one bad event and nothing is
 * stored), normalizes, and hands the batch to the store, which commits it in one transaction before
 * this resolves. Detection never runs here.
 */
export class IngestService {
  private readonly now: () => number;

  constructor(
    private readonly store: MonitorStore,
    private readonly options: IngestOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  async ingest(body: unknown): Promise<IngestResult> {
    const events = this.validate(body);
    const result = await this.store.ingest(events);
    this.options.onCommitted?.(events, result);
    return result;
  }

  /** The body → normalized events, or an error naming every bad event's index and field. */
  validate(body: unknown): EventRecord[] {
    const { items, at } = unwrap(body);
    if (items.length > MAX_EVENTS_PER_CALL)
      throw new TooLargeError(
        `at most ${MAX_EVENTS_PER_CALL.toLocaleString('en-US')} events per call, got ${items.length}: split the batch`,
      );
    const oldest = this.now() - RETENTION_MS - this.options.latenessMs;
    const newest = this.now() + FUTURE_TOLERANCE_MS;
    const issues: FieldIssue[] = [];
    const events: EventRecord[] = [];
    for (let i = 0; i < items.length && issues.length < MAX_ISSUES; i++) {
      const result = eventSchema.safeParse(items[i]);
      if (!result.success) {
        for (const issue of result.error.issues)
          issues.push({ loc: [...at, i, ...issue.path.map(String)], msg: issue.message, type: issue.code });
        continue;
      }
      const event = normalize(result.data);
      if (event.ts < oldest || event.ts > newest)
        issues.push({
          loc: [...at, i, 'timestamp'],
          msg: outOfWindow(event.ts, oldest),
          type: 'value_error',
        });
      else events.push(event);
    }
    if (issues.length) throw new InvalidFieldsError(issues.slice(0, MAX_ISSUES));
    return events;
  }
}

function unwrap(body: unknown): { items: unknown[]; at: (string | number)[] } {
  if (Array.isArray(body)) return { items: body, at: ['body'] };
  if (body && typeof body === 'object' && Array.isArray((body as { events?: unknown }).events))
    return { items: (body as { events: unknown[] }).events, at: ['body', 'events'] };
  throw new InvalidFieldsError([
    { loc: ['body'], msg: 'expected a JSON array of events or {"events": [...]}', type: 'type_error' },
  ]);
}

function normalize(e: ParsedEvent): EventRecord {
  const status = e.status ?? null;
  return {
    id: e.id ?? null,
    org: e.org,
    feature: e.feature ?? null,
    ts: typeof e.timestamp === 'number' ? Math.floor(e.timestamp) : Date.parse(e.timestamp),
    cost: e.cost ?? 0,
    latencyMs: e.latency_ms ?? null,
    error: e.error === true || (status !== null && (status >= 500 || status === 429)),
    modelRequested: e.model_requested ?? null,
    modelActual: e.model_actual ?? null,
    tokensIn: e.tokens_in ?? 0,
    tokensOut: e.tokens_out ?? 0,
  };
}

function outOfWindow(ts: number, oldest: number): string {
  if (ts >= oldest)
    return `timestamp is more than ${FUTURE_TOLERANCE_MS / 60_000} minutes ahead of the server clock`;
  const hint = ts < 1e11 ? ' (epoch seconds? timestamps are epoch milliseconds)' : '';
  return `timestamp is older than the retention window (28 days + LF_EVENT_LATENESS)${hint}`;
}
