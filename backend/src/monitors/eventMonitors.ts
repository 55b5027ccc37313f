import { EVENT_MONITOR_TYPES, type AnomalyType, type Direction, type Monitor } from '../contract/monitors';
import { DEFAULT_MONITOR_OPTIONS } from '../baseline/config';
import { ConflictError } from '../core/errors';
import type { MonitorStore } from '../store/monitorStore';
import { eventMonitorId } from './ids';

/**
 * The monitors every event group gets as soon as its data arrives: the five spike types of the
 * spec and the gradual drift of cost per request (the slow creep the spike monitors cannot see).
 */
export const AUTO_MONITOR_TYPES: readonly AnomalyType[] = EVENT_MONITOR_TYPES;

export function defaultDirection(type: AnomalyType): Direction {
  return type === 'traffic_anomaly' || type === 'gradual_drift' ? 'both' : 'up';
}

/** Creates the missing event monitors of each group; remembers the groups it has seen. */
export class EventMonitorRegistry {
  private readonly known = new Set<string>();

  constructor(private readonly store: MonitorStore) {}

  async ensure(now: number): Promise<void> {
    const groups = await this.store.groups();
    const fresh = groups.filter((g) => !this.known.has(JSON.stringify([g.org, g.feature])));
    if (!fresh.length) return;
    const existing = new Set((await this.store.listMonitors({ kind: 'events' })).map((m) => m.id));
    for (const g of fresh) {
      for (const type of AUTO_MONITOR_TYPES) {
        const id = eventMonitorId(type, g.org, g.feature);
        if (existing.has(id) || (await this.store.meta(tombstone(id))) !== undefined) continue;
        const monitor: Monitor = {
          id,
          kind: 'events',
          type,
          org: g.org,
          feature: g.feature,
          direction: defaultDirection(type),
          options: { ...DEFAULT_MONITOR_OPTIONS },
          status: 'building_baseline',
          created: new Date(now).toISOString(),
        };
        await this.store.createMonitor(monitor).catch((error: unknown) => {
          // Another caller created it meanwhile: the same id, nothing to do.
          if (!(error instanceof ConflictError)) throw error;
        });
      }
      this.known.add(JSON.stringify([g.org, g.feature]));
    }
  }
}

/** A deleted event monitor leaves a tombstone so it is not created again when its data keeps coming. */
export const tombstone = (monitorId: string): string => `deleted:${monitorId}`;
