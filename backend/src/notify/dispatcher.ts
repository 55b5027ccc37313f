import type { Logger } from 'pino';
import type { JsonValue, MonitorStore, OutboxItem } from '../store/monitorStore';
import { retryDelayMs } from './backoff';
import type { DeliveryPolicy } from './config';
import { DeliveryFailure } from './transport';

/** Delivers one notification; resolves with a receipt to keep (or undefined), throws on failure. */
export type Deliver = (item: OutboxItem) => Promise<JsonValue | undefined>;

export interface Clock {
  now: () => number;
  random: () => number;
}

/**
 * Drains the durable outbox: claims due notifications under a lease, delivers them, and records
 * the outcome — delivered (with its receipt), retried after a full-jitter backoff, or dead-lettered
 * after `maxAttempts` or a permanent refusal. A sender killed mid-delivery leaves the lease to
 * expire, and the next claim re-delivers the same item, under the same key.
 */
export class OutboxDispatcher {
  constructor(
    private readonly store: MonitorStore,
    private readonly channels: ReadonlyMap<string, Deliver>,
    private readonly policy: DeliveryPolicy,
    private readonly clock: Clock,
    private readonly log?: Logger,
  ) {}

  /** One pass; resolves with true when a full batch was claimed (more may be due). */
  async runOnce(): Promise<boolean> {
    const items = await this.store.claimNotifications(
      this.clock.now(),
      this.policy.batchSize,
      this.policy.leaseMs,
    );
    const byChannel = new Map<string, OutboxItem[]>();
    for (const item of items) byChannel.set(item.channel, [...(byChannel.get(item.channel) ?? []), item]);
    // Channels in parallel (a slow Grafana does not hold up the webhook), items in order within one.
    await Promise.all(
      [...byChannel.values()].map(async (list) => {
        for (const item of list) await this.deliver(item);
      }),
    );
    return items.length === this.policy.batchSize;
  }

  private async deliver(item: OutboxItem): Promise<void> {
    let receipt: JsonValue | undefined;
    try {
      const send = this.channels.get(item.channel);
      if (!send) throw new DeliveryFailure(`channel '${item.channel}' is not configured`, true);
      receipt = await send(item);
    } catch (error) {
      await this.recordFailure(item, error);
      return;
    }
    await this.store.ackNotification(item.key, this.clock.now(), receipt);
  }

  private async recordFailure(item: OutboxItem, error: unknown): Promise<void> {
    const failure =
      error instanceof DeliveryFailure
        ? error
        : new DeliveryFailure(error instanceof Error ? error.message : String(error));
    const attempt = item.attempts + 1;
    const now = this.clock.now();
    if (failure.permanent || attempt >= this.policy.maxAttempts) {
      await this.store.deadLetterNotification(item.key, now, failure.message);
      this.log?.warn(
        { key: item.key, channel: item.channel, attempts: attempt, reason: failure.message },
        'notification dead-lettered',
      );
      return;
    }
    const retryAt = now + retryDelayMs(attempt, this.policy, this.clock.random);
    await this.store.failNotification(item.key, retryAt, failure.message);
    this.log?.info(
      { key: item.key, channel: item.channel, attempts: attempt, reason: failure.message, retry_at: retryAt },
      'notification failed; will retry',
    );
  }
}
