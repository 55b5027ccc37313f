import type { MetricFindValue } from '@grafana/data';
import type { Monitor } from '../api/backendTypes';
import { monitorLabel } from '../frames/monitorFrames';
import { monitorScope, type MonitorScope } from './monitorScope';

export interface MonitorVariable {
  scope: MonitorScope;
  values(monitors: Monitor[]): MetricFindValue[];
}

const unique = (values: Array<string | null>): MetricFindValue[] =>
  [...new Set(values.filter((v): v is string => Boolean(v)))].sort().map((v) => ({ text: v, value: v }));

/**
 * `orgs`, `features(<org>)` and `monitors(<org>, <feature>)` (arguments optional, after template
 * interpolation; All values mean every one); undefined for any other text.
 */
export function monitorVariable(text: string): MonitorVariable | undefined {
  const match = /^\s*(orgs|features|monitors)\s*(?:\(([^)]*)\))?\s*$/i.exec(text);
  if (!match) return undefined;
  const [org, feature] = (match[2] ?? '').split(',').map((a) => a.trim());
  const kind = match[1].toLowerCase();
  if (kind === 'orgs') return { scope: {}, values: (ms) => unique(ms.map((m) => m.org)) };
  if (kind === 'features')
    return { scope: monitorScope({ org }), values: (ms) => unique(ms.map((m) => m.feature)) };
  return {
    scope: monitorScope({ org, feature }),
    values: (ms) => ms.map((m) => ({ text: monitorLabel(m), value: m.id })),
  };
}
