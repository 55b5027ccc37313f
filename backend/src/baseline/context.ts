import { BUCKET_MS } from '../contract/monitors';
import type { CheckInput } from './checkTypes';
import { DEFAULT_ENGINE_CONFIG, type EngineConfig } from './config';
import type { EvalContext } from './evaluation';
import { indexOf, type GroupSeries } from './groupSeries';
import { slotCapacity, slotSamples, type SlotSamples } from './slots';

/** Scratch buffers shared by all checks (single-threaded; no allocation per check). */
let scratch: { samples: SlotSamples; a: Float64Array; b: Float64Array } | null = null;

function buffers(config: EngineConfig): { samples: SlotSamples; a: Float64Array; b: Float64Array } {
  const cap = slotCapacity(config);
  if (!scratch || scratch.a.length < cap)
    scratch = { samples: slotSamples(cap), a: new Float64Array(cap), b: new Float64Array(cap) };
  return scratch;
}

/** The bucket a check at `now` evaluates: the newest one whose end + lateness has passed. */
export function evaluableBucket(now: number, config: EngineConfig = DEFAULT_ENGINE_CONFIG): number {
  return Math.floor((now - config.latenessMs) / BUCKET_MS) * BUCKET_MS - BUCKET_MS;
}

/** Builds the evaluation context of bucket `bucket` of one series. */
export function contextFor(
  series: GroupSeries,
  bucket: number,
  input: Pick<CheckInput, 'excluded' | 'acceptedFrom' | 'monitor'>,
  config: EngineConfig,
  inAnomalyFrom: number,
  levelShift = 0,
): EvalContext {
  const t = indexOf(series, bucket);
  const history = t - config.historyDays * (86_400_000 / BUCKET_MS);
  const accepted = input.acceptedFrom != null ? indexOf(series, input.acceptedFrom) : 0;
  const excluded = input.excluded;
  const start = series.start;
  const included = (i: number): boolean => {
    const b = start + i * BUCKET_MS;
    return b < inAnomalyFrom && !(excluded !== undefined && excluded.has(b));
  };
  const dir = input.monitor.direction;
  return {
    series,
    t,
    // History starts at the group's first data, not at the columns' first index: the columns may
    // reach further back (a cache holds 28 days whatever the group's age), and "3 weeks of history"
    // must mean weeks of data.
    lo: Math.max(
      0,
      history,
      accepted,
      Number.isFinite(series.firstData) ? indexOf(series, series.firstData) : 0,
    ),
    included,
    config,
    options: input.monitor.options,
    allowUp: dir !== 'down',
    allowDown: dir !== 'up',
    levelShift: input.monitor.options.baseline === 'classic' ? 0 : levelShift,
    ...buffers(config),
  };
}
