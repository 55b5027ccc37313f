import { createHash, randomBytes } from 'node:crypto';
import type { AnomalyType } from '../contract/monitors';

const digest = (text: string, chars: number): string =>
  createHash('sha256').update(text).digest('hex').slice(0, chars);

/**
 * An event monitor's id is derived from what it watches, so creating it again (another check, a
 * restart, a second replica) finds the same monitor; URL-safe whatever the org and feature names are.
 */
export function eventMonitorId(type: AnomalyType, org: string, feature: string | null): string {
  return `mon_${digest(JSON.stringify([type, org, feature]), 16)}`;
}

export function newPromqlMonitorId(): string {
  return `prom_${randomBytes(8).toString('hex')}`;
}

/** The engine's id for one label set of a PromQL monitor (its anomalies' ids start with it). */
export function seriesMonitorId(monitorId: string, seriesKey: string): string {
  return seriesKey === '' ? monitorId : `${monitorId}.${digest(seriesKey, 8)}`;
}

/** Canonical text of a label set: `{a="1",b="2"}` with names sorted ("" for no labels). */
export function labelKey(labels: Record<string, string>): string {
  const names = Object.keys(labels).sort();
  return names.length ? `{${names.map((n) => `${n}=${JSON.stringify(labels[n])}`).join(',')}}` : '';
}
