import type { Anomaly } from '../contract/monitors';
import type { JsonValue, MonitorStore, OutboxItem } from '../store/monitorStore';
import type { NotifyConfig } from './config';
import type { Deliver } from './dispatcher';
import { createAnnotation, endAnnotation } from './grafana';
import { sendWebhook, type WebhookEvent } from './webhook';

/** The outbox channels and the events each one carries. */
export type OutboxChannel = 'webhook' | 'grafana';
export type GrafanaEvent = 'opened' | 'ended';

/** What an outbox item holds: the event and the anomaly as it was then. */
export interface Notice<E extends string = string> {
  event: E;
  anomaly: Anomaly;
}

/** One outbox row per channel and anomaly event: `webhook/<anomaly id>:opened`. */
export const outboxKey = (channel: OutboxChannel, anomalyId: string, event: string): string =>
  `${channel}/${anomalyId}:${event}`;

/** The outbox holds only what `Notifier` enqueued, so its payloads have this shape. */
const noticeOf = <E extends string>(item: OutboxItem): Notice<E> => item.payload as unknown as Notice<E>;

/** The delivery function of every configured outbox channel. */
export function outboxChannels(config: NotifyConfig, store: MonitorStore): Map<string, Deliver> {
  const channels = new Map<string, Deliver>();
  const timeoutMs = config.delivery.timeoutMs;
  const { webhook, grafana } = config;
  if (webhook) {
    channels.set('webhook', async (item) => {
      await sendWebhook(webhook, noticeOf<WebhookEvent>(item), {
        dashboardUrl: config.dashboardUrl,
        timeoutMs,
      });
      return undefined;
    });
  }
  if (grafana) {
    channels.set('grafana', async (item): Promise<JsonValue> => {
      const { event, anomaly } = noticeOf<GrafanaEvent>(item);
      if (event === 'opened') return { annotationId: await createAnnotation(grafana, anomaly, timeoutMs) };
      const created = await store.notificationReceipt(outboxKey('grafana', anomaly.id, 'opened'));
      const id = (created as { annotationId?: number } | undefined)?.annotationId ?? null;
      return { annotationId: await endAnnotation(grafana, anomaly, id, timeoutMs) };
    });
  }
  return channels;
}
