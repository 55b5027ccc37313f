import type { CheckInput } from './checkTypes';
import { contextFor } from './context';
import type { EngineConfig } from './config';
import type { Evaluation } from './evaluation';
import { indexOf } from './groupSeries';
import { additiveExcess, evaluateSignal } from './signals';

/**
 * Org-level anomalies: each feature's share of the org's excess over expected in the anomaly's
 * direction, at the opening bucket, each feature against its own baseline (gradual drift: the cost
 * excess). Largest first; features that moved the other way get no share.
 */
export function topContributors(
  input: CheckInput,
  e: Evaluation,
  config: EngineConfig,
): { feature: string; share: number }[] {
  const dir = e.direction === 'up' ? 1 : -1;
  const type = input.monitor.type === 'gradual_drift' ? 'cost_spike' : input.monitor.type;
  const parts: { feature: string; excess: number }[] = [];
  for (const fs of input.contributors ?? []) {
    if (fs.feature === null) continue;
    const t = indexOf(fs, e.bucket);
    if (t < 0 || t >= fs.length) continue;
    const ctx = contextFor(fs, e.bucket, input, config, Infinity);
    const fe = evaluateSignal(type, ctx);
    if (!fe) continue;
    const x = dir * additiveExcess(fe, fs, t);
    if (x > 0 && Number.isFinite(x)) parts.push({ feature: fs.feature, excess: x });
  }
  const total = parts.reduce((s, p) => s + p.excess, 0);
  return parts
    .sort((a, b) => b.excess - a.excess)
    .map((p) => ({ feature: p.feature, share: Math.round((p.excess / total) * 1000) / 1000 }));
}
