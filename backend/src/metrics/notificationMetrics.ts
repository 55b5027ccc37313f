import { Counter, Gauge, type Registry } from 'prom-client';
import type { NotificationStats } from '../contract/monitors';
import type { Scrape } from './scrape';

function each(current: () => Scrape, fn: (stats: NotificationStats) => void): void {
  const reading = current().frame.notifications;
  if (reading.ok) reading.value.forEach(fn);
}

/**
 * Delivery per channel: attempts by outcome as a counter, and the notifications waiting for a
 * retry or given up on (dead letters) as gauges.
 */
export function registerNotificationMetrics(registry: Registry, current: () => Scrape): void {
  const total: Counter = new Counter({
    name: 'anomalylens_notifications_total',
    help: 'Notification deliveries per channel: outcome="delivered", or "failed" for each failed attempt.',
    labelNames: ['channel', 'outcome'],
    registers: [registry],
    collect() {
      total.reset();
      each(current, (s) => {
        total.inc({ channel: s.channel, outcome: 'delivered' }, Math.max(0, s.delivered));
        total.inc({ channel: s.channel, outcome: 'failed' }, Math.max(0, s.failed_attempts));
      });
    },
  });
  const deadLetters: Gauge = new Gauge({
    name: 'anomalylens_notifications_dead_letters',
    help: 'Notifications given up on after their last retry (dead-letter state), per channel.',
    labelNames: ['channel'],
    registers: [registry],
    collect() {
      deadLetters.reset();
      each(current, (s) => deadLetters.set({ channel: s.channel }, s.dead_lettered));
    },
  });
  const pending: Gauge = new Gauge({
    name: 'anomalylens_notifications_pending',
    help: 'Notifications waiting for delivery or a retry, per channel.',
    labelNames: ['channel'],
    registers: [registry],
    collect() {
      pending.reset();
      each(current, (s) => pending.set({ channel: s.channel }, s.pending));
    },
  });
}
