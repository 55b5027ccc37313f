import type { GroupProfile, Incident } from '../helpers/baselineTraffic';
import { DAY, HOUR, T0 } from '../helpers/baselineTraffic';

/** The acceptance scenario: 2 orgs × 3 features, 3 weeks from Monday T0, six injected incidents. */
export const SCENARIO_DAYS = 21;
export const SCENARIO_SEED = 7;

export function scenarioProfiles(): GroupProfile[] {
  const g = (
    org: string,
    feature: string,
    low: number,
    high: number,
    cost: number,
    latency: number,
  ): GroupProfile => ({
    org,
    feature,
    low,
    high,
    costMedian: cost,
    latencyMedian: latency,
    errorRate: 0.01,
    mismatch: 0.01,
  });
  return [
    g('acme', 'chat', 30, 180, 0.01, 900),
    g('acme', 'search', 25, 120, 0.003, 400),
    g('acme', 'control', 20, 100, 0.005, 600),
    g('globex', 'chat', 35, 200, 0.02, 1200),
    g('globex', 'search', 30, 150, 0.004, 500),
    g('globex', 'control', 20, 90, 0.008, 700),
  ];
}

const at = (day: number, hour: number): number => T0 + day * DAY + hour * HOUR;

export interface Injected extends Incident {
  type:
    | 'cost_spike'
    | 'latency_degradation'
    | 'error_rate_spike'
    | 'traffic_anomaly'
    | 'model_drift'
    | 'gradual_drift';
  direction: 'up' | 'down';
}

export const INCIDENTS: Injected[] = [
  {
    org: 'acme',
    feature: 'chat',
    kind: 'cost',
    size: 4,
    from: at(15, 10),
    to: at(15, 14),
    type: 'cost_spike',
    direction: 'up',
  },
  {
    org: 'acme',
    feature: 'search',
    kind: 'latency',
    size: 2.2,
    from: at(16, 14),
    to: at(16, 16),
    type: 'latency_degradation',
    direction: 'up',
  },
  {
    org: 'globex',
    feature: 'chat',
    kind: 'errors',
    size: 0.12,
    from: at(15, 20),
    to: at(15, 21),
    type: 'error_rate_spike',
    direction: 'up',
  },
  {
    org: 'globex',
    feature: 'chat',
    kind: 'traffic',
    size: 0.3,
    from: at(17, 9),
    to: at(17, 11),
    type: 'traffic_anomaly',
    direction: 'down',
  },
  {
    org: 'globex',
    feature: 'search',
    kind: 'model',
    size: 0.3,
    from: at(16, 12),
    to: at(16, 18),
    type: 'model_drift',
    direction: 'up',
  },
  {
    org: 'globex',
    feature: 'search',
    kind: 'creep',
    size: 0.18,
    from: at(11, 0),
    to: at(14, 0),
    type: 'gradual_drift',
    direction: 'up',
  },
];
