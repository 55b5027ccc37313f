/** NAB cost profiles: weights of a true positive, a false negative and a false positive. */
export interface NabProfile {
  readonly name: string;
  readonly tp: number;
  readonly fn: number;
  readonly fp: number;
}

/** The three published profiles (`profiles.json` of NAB v1.1). */
export const NAB_PROFILES: readonly NabProfile[] = [
  { name: 'standard', tp: 1.0, fn: 1.0, fp: 0.11 },
  { name: 'reward_low_FP_rate', tp: 1.0, fn: 1.0, fp: 0.22 },
  { name: 'reward_low_FN_rate', tp: 1.0, fn: 2.0, fp: 0.11 },
];

interface RawProfile {
  CostMatrix?: { tpWeight?: unknown; fnWeight?: unknown; fpWeight?: unknown };
}

/** Reads NAB's `profiles.json` shape; throws on a malformed entry. */
export function parseProfiles(json: unknown): NabProfile[] {
  if (json === null || typeof json !== 'object') throw new Error('profiles.json: expected an object');
  return Object.entries(json as Record<string, RawProfile>).map(([name, raw]) => {
    const c = raw.CostMatrix;
    const tp = Number(c?.tpWeight);
    const fn = Number(c?.fnWeight);
    const fp = Number(c?.fpWeight);
    if (!Number.isFinite(tp) || !Number.isFinite(fn) || !Number.isFinite(fp)) {
      throw new Error(`profiles.json: profile ${name} lacks numeric CostMatrix weights`);
    }
    return { name, tp, fn, fp };
  });
}
