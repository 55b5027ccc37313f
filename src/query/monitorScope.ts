import type { AnomalyQuery } from '../types';

/** Which monitors a Monitor, Anomaly feed or Monitor status query covers. */
export interface MonitorScope {
  org?: string;
  feature?: string;
  monitorId?: string;
}

/**
 * Values that mean "every one": empty, and what an unset or "All" template variable interpolates
 * to (`$__all`, the `.*` the provisioned dashboard's variables use as their All value, `All`, `*`).
 */
const ALL = new Set(['', '$__all', '.*', '*', 'all', '{}']);

function specific(value: string | undefined): string | undefined {
  const text = value?.trim() ?? '';
  return ALL.has(text.toLowerCase()) ? undefined : text;
}

/** The query's org, feature and monitor after template interpolation, "All" values dropped. */
export function monitorScope(query: Pick<AnomalyQuery, 'org' | 'feature' | 'monitorId'>): MonitorScope {
  const scope: MonitorScope = {};
  const org = specific(query.org);
  const feature = specific(query.feature);
  const monitorId = specific(query.monitorId);
  if (org) scope.org = org;
  if (feature) scope.feature = feature;
  if (monitorId) scope.monitorId = monitorId;
  return scope;
}

export function describeScope(scope: MonitorScope): string {
  if (scope.monitorId) return `monitor ${scope.monitorId}`;
  const parts = [`org ${scope.org ?? 'all'}`, `feature ${scope.feature ?? 'all'}`];
  return parts.join(', ');
}
