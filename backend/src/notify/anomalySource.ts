import type { Anomaly } from '../contract/monitors';
import type { MonitorStore } from '../store/monitorStore';
import { ACTIVE_STATUSES, ENDED_STATUSES, endedAt } from './describe';

/** What the Alertmanager push needs to know each interval. */
export interface AnomalySource {
  /** Every anomaly in progress (open, ongoing, recovering). */
  active(): Promise<Anomaly[]>;
  /** Anomalies resolved, dismissed or accepted at or after `since` (epoch ms). */
  endedSince(since: number): Promise<Anomaly[]>;
}

const PAGE = 500;
/** More active anomalies than this are not pushed (an alert storm Alertmanager cannot help with). */
const MAX_ACTIVE = 10_000;

/**
 * The store as the source. Finished anomalies are looked for among the most recently detected
 * `PAGE`: one detected earlier that ends now is still resolved in Alertmanager, by its last
 * `endsAt` lapsing (see alertmanager.ts), and `Notifier.anomalyChanged` pushes it at once anyway.
 */
export function storeAnomalySource(store: MonitorStore): AnomalySource {
  return {
    async active() {
      const found: Anomaly[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listAnomalies({ status: [...ACTIVE_STATUSES], limit: PAGE, cursor });
        found.push(...page.data);
        cursor = page.nextCursor;
      } while (cursor !== undefined && found.length < MAX_ACTIVE);
      return found.slice(0, MAX_ACTIVE);
    },
    async endedSince(since) {
      const page = await store.listAnomalies({ status: [...ENDED_STATUSES], limit: PAGE });
      return page.data.filter((a) => endedAt(a) >= since);
    },
  };
}
