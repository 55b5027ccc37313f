import type { Logger } from 'pino';
import type { AnomalyEvent } from '../baseline/checkTypes';
import type { Anomaly, NotificationStats } from '../contract/monitors';
import type { DeadLetter, JsonValue, MonitorStore } from '../store/monitorStore';
import { pushAlerts, toAlert } from './alertmanager';
import { storeAnomalySource, type AnomalySource } from './anomalySource';
import { outboxChannels, outboxKey, type Notice, type OutboxChannel } from './channels';
import type { NotifyConfig } from './config';
import { isEnded } from './describe';
import { OutboxDispatcher, type Clock } from './dispatcher';
import { Ticker } from './ticker';

export interface NotifierOptions {
  store: MonitorStore;
  config: NotifyConfig;
  log?: Logger;
  /** Defaults: active and recently ended anomalies from the store. */
  anomalies?: AnomalySource;
  clock?: Partial<Clock>;
}

/** Alerts per Alertmanager request. */
const ALERT_CHUNK = 500;

/**
 * What the monitors service talks to. Webhook and Grafana notifications go through the store's
 * durable outbox — enqueued once per (channel, anomaly, event) key, so calling `notify` again for
 * the same events after a crash changes nothing — and a dispatcher delivers them at least once,
 * always under the same key. Alertmanager gets the current state pushed every interval instead.
 */
export class Notifier {
  private readonly store: MonitorStore;
  private readonly config: NotifyConfig;
  private readonly log?: Logger;
  private readonly clock: Clock;
  private readonly anomalies: AnomalySource;
  private readonly dispatcher: OutboxDispatcher;
  private readonly outboxTicker: Ticker;
  private readonly alertTicker: Ticker | null;
  private outboxStats: NotificationStats[] = [];
  private readonly alertStats: NotificationStats = {
    channel: 'alertmanager',
    delivered: 0,
    failed_attempts: 0,
    dead_lettered: 0,
    pending: 0,
  };
  private readonly pushes = new Set<Promise<void>>();

  constructor(options: NotifierOptions) {
    this.store = options.store;
    this.config = options.config;
    this.log = options.log;
    this.clock = { now: options.clock?.now ?? Date.now, random: options.clock?.random ?? Math.random };
    this.anomalies = options.anomalies ?? storeAnomalySource(options.store);
    this.dispatcher = new OutboxDispatcher(
      this.store,
      outboxChannels(this.config, this.store),
      this.config.delivery,
      this.clock,
      this.log,
    );
    const onError = (what: string) => (error: unknown) => this.log?.error({ err: error }, `${what} failed`);
    this.outboxTicker = new Ticker(
      () => this.deliverDue(),
      this.config.delivery.pollIntervalMs,
      onError('outbox pass'),
    );
    this.alertTicker = this.config.alertmanager
      ? new Ticker(
          async () => {
            await this.pushAlerts();
            return false;
          },
          this.config.alertmanager.intervalMs,
          onError('Alertmanager push'),
        )
      : null;
  }

  /** Durably queues the notifications of these events; resolves once they are stored. */
  async notify(events: readonly AnomalyEvent[]): Promise<void> {
    const opened = events.filter((e) => e.kind === 'opened').map((e) => e.anomaly);
    for (const anomaly of opened) {
      await this.enqueue('webhook', 'opened', anomaly, this.config.webhook !== null);
      await this.enqueue('grafana', 'opened', anomaly, this.config.grafana !== null);
    }
    for (const event of events) if (event.kind === 'resolved') await this.queueEnd(event.anomaly);
    this.outboxTicker.kick();
    const changed = events.map((e) => e.anomaly);
    if (changed.length > 0) this.pushSoon(changed);
  }

  /** A status change outside a check (dismiss, accept) or a resolution: ends alerts and annotations. */
  async anomalyChanged(anomaly: Anomaly): Promise<void> {
    if (isEnded(anomaly)) await this.queueEnd(anomaly);
    this.outboxTicker.kick();
    this.pushSoon([anomaly]);
  }

  start(): void {
    if (this.config.webhook || this.config.grafana) this.outboxTicker.start();
    this.alertTicker?.start();
  }

  /** Stops both loops and waits for the passes and pushes in progress. */
  async stop(): Promise<void> {
    await Promise.all([this.outboxTicker.stop(), this.alertTicker?.stop()]);
    await Promise.all([...this.pushes]);
  }

  /**
   * Per configured channel, as of the last outbox pass (refreshed every `pollIntervalMs` while
   * started, and by `deliverDue`); Alertmanager counts pushes and the alerts a failed one left.
   */
  stats(): NotificationStats[] {
    const configured: OutboxChannel[] = [];
    if (this.config.webhook) configured.push('webhook');
    if (this.config.grafana) configured.push('grafana');
    const rows = configured.map(
      (channel) =>
        this.outboxStats.find((s) => s.channel === channel) ?? {
          channel,
          delivered: 0,
          failed_attempts: 0,
          dead_lettered: 0,
          pending: 0,
        },
    );
    const unconfigured = this.outboxStats.filter((s) => !configured.includes(s.channel as OutboxChannel));
    return [...rows, ...unconfigured, ...(this.config.alertmanager ? [{ ...this.alertStats }] : [])];
  }

  /** Notifications given up on, the most recent first (for the API). */
  async deadLetters(limit = 100): Promise<DeadLetter[]> {
    return this.store.deadLetters(limit);
  }

  /** Queues a dead letter again, under its original key. */
  async redrive(key: string): Promise<void> {
    await this.store.redriveNotification(key, this.clock.now());
    this.outboxTicker.kick();
  }

  /** One outbox pass, then fresh stats; true when more may be due at once. */
  async deliverDue(): Promise<boolean> {
    const more = await this.dispatcher.runOnce();
    this.outboxStats = await this.store.notificationStats();
    return more;
  }

  /**
   * Pushes every active anomaly and those ended within the last four intervals (the lifetime of an
   * active alert's `endsAt`, so an end missed while Alertmanager was down is still delivered).
   */
  async pushAlerts(): Promise<void> {
    const am = this.config.alertmanager;
    if (!am) return;
    const now = this.clock.now();
    const [active, ended] = await Promise.all([
      this.anomalies.active(),
      this.anomalies.endedSince(now - 4 * am.intervalMs),
    ]);
    await this.send([...active, ...ended], now);
  }

  private async send(anomalies: readonly Anomaly[], now: number): Promise<void> {
    const am = this.config.alertmanager;
    if (!am) return;
    const alerts = anomalies.map((a) => toAlert(a, now, am.intervalMs, this.config.dashboardUrl));
    try {
      for (let i = 0; i < alerts.length; i += ALERT_CHUNK)
        await pushAlerts(am, alerts.slice(i, i + ALERT_CHUNK), this.config.delivery.timeoutMs);
      if (alerts.length > 0) this.alertStats.delivered++;
      this.alertStats.pending = 0;
    } catch (error) {
      this.alertStats.failed_attempts++;
      this.alertStats.pending = alerts.length;
      this.log?.warn({ reason: (error as Error).message }, 'Alertmanager push failed; next interval retries');
    }
  }

  /** Pushes these anomalies now (new or ended ones should not wait for the interval). */
  private pushSoon(anomalies: readonly Anomaly[]): void {
    if (!this.config.alertmanager) return;
    const push = this.send(anomalies, this.clock.now()).finally(() => this.pushes.delete(push));
    this.pushes.add(push);
  }

  private async queueEnd(anomaly: Anomaly): Promise<void> {
    const webhook = this.config.webhook;
    await this.enqueue(
      'webhook',
      'resolved',
      anomaly,
      webhook?.notifyResolved === true && anomaly.status === 'resolved',
    );
    await this.enqueue('grafana', 'ended', anomaly, this.config.grafana !== null);
  }

  private async enqueue(
    channel: OutboxChannel,
    event: string,
    anomaly: Anomaly,
    wanted: boolean,
  ): Promise<void> {
    if (!wanted) return;
    const payload: Notice = { event, anomaly };
    await this.store.enqueueNotification(
      { key: outboxKey(channel, anomaly.id, event), channel, payload: payload as unknown as JsonValue },
      this.clock.now(),
    );
  }
}
