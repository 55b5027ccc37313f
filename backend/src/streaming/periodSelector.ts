import { EwMean } from './ewMean';
import { SlotProfile, type SlotEstimate } from './slotProfile';
import { SortedWindow } from './sortedWindow';
import { StepEstimator } from './stepEstimator';

export type PeriodChoice = 'none' | 'daily' | 'weekly';
export type PeriodMode = 'auto' | PeriodChoice;

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

export interface PeriodSelectorConfig {
  /** 'auto' picks daily, weekly or none from the data; the others force a choice. */
  readonly mode: PeriodMode;
  /** Cycles remembered per slot for the daily and weekly profiles. */
  readonly dailyDepth: number;
  readonly weeklyDepth: number;
  /** Slots pooled on each side of a timestamp's own slot. */
  readonly neighbours: number;
  /** Upper bound on slots per day (slot width = max(sampling step, day / maxSlotsPerDay)). */
  readonly maxSlotsPerDay: number;
  /** Span of the non-seasonal rolling window, in days (capped at maxLevelWindow points). */
  readonly levelWindowDays: number;
  readonly maxLevelWindow: number;
  /** A seasonal model is chosen only if its recent error is below margin × the alternative's. */
  readonly margin: number;
  /** Full cycles of history needed before a period can be chosen. */
  readonly minCycles: number;
  /** Smoothing of the error comparison, in points. */
  readonly errorWindow: number;
}

export const DEFAULT_PERIOD_CONFIG: PeriodSelectorConfig = {
  mode: 'auto',
  dailyDepth: 7,
  weeklyDepth: 4,
  neighbours: 1,
  maxSlotsPerDay: 288,
  levelWindowDays: 1,
  maxLevelWindow: 2048,
  margin: 0.8,
  minCycles: 2,
  errorWindow: 2000,
};

/**
 * Learns daily and weekly seasonal profiles next to a one-day rolling window and decides, from
 * their out-of-sample errors on the same points, whether the series has a daily or weekly period.
 * Use: `prepare(t)` (estimates from history only), read the estimates, then `learn(t, x)`.
 */
export class PeriodSelector {
  readonly step = new StepEstimator();
  choice: PeriodChoice = 'none';
  readonly dailyEst: SlotEstimate = { median: NaN, spread: NaN, count: 0 };
  readonly weeklyEst: SlotEstimate = { median: NaN, spread: NaN, count: 0 };
  readonly levelEst: SlotEstimate = { median: NaN, spread: NaN, count: 0 };
  private daily: SlotProfile | null = null;
  private weekly: SlotProfile | null = null;
  private level: SortedWindow | null = null;
  private firstTs = NaN;
  private readonly dailyErr: EwMean;
  private readonly noneErrD: EwMean;
  private readonly weeklyErr: EwMean;
  private readonly dailyErrW: EwMean;
  private readonly noneErrW: EwMean;

  constructor(readonly config: PeriodSelectorConfig = DEFAULT_PERIOD_CONFIG) {
    const a = 1 / config.errorWindow;
    this.dailyErr = new EwMean(a);
    this.noneErrD = new EwMean(a);
    this.weeklyErr = new EwMean(a);
    this.dailyErrW = new EwMean(a);
    this.noneErrW = new EwMean(a);
  }

  /** Cycles of `periodMs` covered by the history so far. */
  cycles(timestampMs: number, periodMs: number): number {
    return Number.isFinite(this.firstTs) ? (timestampMs - this.firstTs) / periodMs : 0;
  }

  /** Fills dailyEst / weeklyEst / levelEst for timestamp t from the history before t. */
  prepare(t: number): void {
    if (this.daily !== null) this.daily.estimate(t, this.dailyEst);
    // The weekly spread is only needed once weekly is the model in use.
    if (this.weekly !== null) {
      const spread = this.choice === 'weekly' || this.config.mode === 'weekly';
      this.weekly.estimate(t, this.weeklyEst, spread);
    }
    const w = this.level;
    if (w !== null && w.length > 0) {
      this.levelEst.median = w.quantile(0.5);
      this.levelEst.spread = (w.quantile(0.75) - w.quantile(0.25)) / 1.349;
      this.levelEst.count = w.length;
    }
  }

  /** The seasonal memory behind a period choice (null for 'none' or before allocation). */
  profile(choice: PeriodChoice): SlotProfile | null {
    return choice === 'daily' ? this.daily : choice === 'weekly' ? this.weekly : null;
  }

  /** The estimate of the chosen model (falls back to the rolling window when a slot is empty). */
  current(): SlotEstimate {
    if (this.choice === 'weekly' && this.weeklyEst.count > 0) return this.weeklyEst;
    if (this.choice === 'daily' && this.dailyEst.count > 0) return this.dailyEst;
    return this.levelEst;
  }

  /** Adds x (observed at t, after `prepare(t)`) and revisits the choice. */
  learn(t: number, x: number): void {
    if (!Number.isFinite(this.firstTs)) this.firstTs = t;
    this.step.update(t);
    if (this.level === null && Number.isFinite(this.step.stepMs)) this.allocate(this.step.stepMs);
    if (this.level === null) return;
    this.scoreModels(t, x);
    this.level.push(x);
    this.daily?.add(t, x);
    this.weekly?.add(t, x);
  }

  reset(): void {
    this.step.reset();
    this.choice = 'none';
    this.daily = null;
    this.weekly = null;
    this.level = null;
    this.firstTs = NaN;
    for (const e of [this.dailyErr, this.noneErrD, this.weeklyErr, this.dailyErrW, this.noneErrW]) e.reset();
    for (const e of [this.dailyEst, this.weeklyEst, this.levelEst]) {
      e.median = NaN;
      e.spread = NaN;
      e.count = 0;
    }
  }

  private allocate(stepMs: number): void {
    const c = this.config;
    const slotMs = Math.max(stepMs, DAY_MS / c.maxSlotsPerDay);
    this.level = new SortedWindow(
      Math.max(8, Math.min(c.maxLevelWindow, Math.round((c.levelWindowDays * DAY_MS) / stepMs))),
    );
    if (c.mode === 'auto' || c.mode === 'daily')
      this.daily = new SlotProfile(DAY_MS, slotMs, c.dailyDepth, c.neighbours);
    if (c.mode === 'auto' || c.mode === 'weekly')
      this.weekly = new SlotProfile(WEEK_MS, slotMs, c.weeklyDepth, c.neighbours);
  }

  private scoreModels(t: number, x: number): void {
    const c = this.config;
    if (c.mode !== 'auto') {
      this.choice = c.mode;
      return;
    }
    const none = this.levelEst.count > 0 ? Math.abs(x - this.levelEst.median) : NaN;
    const daily = this.dailyEst.count > 0 ? Math.abs(x - this.dailyEst.median) : NaN;
    const weekly = this.weeklyEst.count > 0 ? Math.abs(x - this.weeklyEst.median) : NaN;
    if (Number.isNaN(none)) return;
    if (!Number.isNaN(daily) && this.cycles(t, DAY_MS) >= 1) {
      this.dailyErr.add(daily);
      this.noneErrD.add(none);
    }
    if (!Number.isNaN(weekly) && !Number.isNaN(daily) && this.cycles(t, WEEK_MS) >= 1) {
      this.weeklyErr.add(weekly);
      this.dailyErrW.add(daily);
      this.noneErrW.add(none);
    }
    let choice: PeriodChoice = 'none';
    if (this.cycles(t, DAY_MS) >= c.minCycles && this.dailyErr.value < c.margin * this.noneErrD.value) {
      choice = 'daily';
    }
    if (
      this.cycles(t, WEEK_MS) >= c.minCycles &&
      this.weeklyErr.value < c.margin * Math.min(this.dailyErrW.value, this.noneErrW.value)
    ) {
      choice = 'weekly';
    }
    this.choice = choice;
  }
}
