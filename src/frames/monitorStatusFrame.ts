import { createDataFrame, FieldType, type DataFrame } from '@grafana/data';
import type { Monitor } from '../api/backendTypes';
import { monitorLabel } from './monitorFrames';

const STATUS_TEXT: Record<Monitor['status'], { text: string; color: string }> = {
  active: { text: 'active', color: 'green' },
  building_baseline: { text: 'building baseline', color: 'blue' },
  degraded: { text: 'degraded', color: 'red' },
};

/** Monitors as a table: status (active / building baseline with its ETA / degraded with the reason). */
export function monitorStatusFrame(monitors: Monitor[], refId: string): DataFrame {
  const column = <T>(name: string, type: FieldType, get: (m: Monitor) => T, config: object = {}) => ({
    name,
    type,
    values: monitors.map(get),
    config,
  });
  const mappings = [
    {
      type: 'value' as const,
      options: Object.fromEntries(
        Object.entries(STATUS_TEXT).map(([status, look], index) => [status, { ...look, index }]),
      ),
    },
  ];
  return createDataFrame({
    refId,
    name: 'monitor status',
    meta: { preferredVisualisationType: 'table' },
    fields: [
      column('monitor', FieldType.string, monitorLabel),
      column('type', FieldType.string, (m) => m.type),
      column('org', FieldType.string, (m) => m.org ?? ''),
      column('feature', FieldType.string, (m) => m.feature ?? ''),
      column('status', FieldType.string, (m) => m.status, {
        mappings,
        custom: { cellOptions: { type: 'color-text' } },
      }),
      column('ETA', FieldType.time, (m) => (m.eta ? Date.parse(m.eta) : null)),
      column('ETA (hours)', FieldType.number, (m) => m.eta_hours ?? null, { decimals: 1, unit: 'h' }),
      column('reason', FieldType.string, (m) => m.reason ?? ''),
      column('id', FieldType.string, (m) => m.id),
    ],
  });
}
