/** What the notification channels need; built from the environment by the root config.ts. */

export type WebhookFormat = 'json' | 'slack';

export interface WebhookConfig {
  url: string;
  /** HMAC-SHA256 key for the `X-Signature-256` header; null sends no signature. */
  secret: string | null;
  format: WebhookFormat;
  /** Also POST a notice when an anomaly resolves (`<id>:resolved`). */
  notifyResolved: boolean;
}

export interface AlertmanagerConfig {
  /** Base URL; alerts go to `<url>/api/v2/alerts`. */
  url: string;
  /** Active anomalies are re-sent this often (Prometheus re-sends firing alerts every minute too). */
  intervalMs: number;
}

export interface GrafanaConfig {
  url: string;
  /** Service-account token with `annotations:create` and `annotations:write`. */
  token: string;
}

/** How outbox deliveries (webhook, Grafana) are retried. */
export interface DeliveryPolicy {
  /** Attempts before a notification is dead-lettered. */
  maxAttempts: number;
  /** Full-jitter backoff: a retry waits uniformly in [0, min(max, base · 2^(failures − 1))). */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** How often the dispatcher looks for due notifications. */
  pollIntervalMs: number;
  /** A claimed notification is not claimed again for this long (a crashed sender's lease expires). */
  leaseMs: number;
  /** One HTTP request's time limit; must stay well below the lease. */
  timeoutMs: number;
  /** Notifications claimed per pass. */
  batchSize: number;
}

export interface NotifyConfig {
  webhook: WebhookConfig | null;
  alertmanager: AlertmanagerConfig | null;
  grafana: GrafanaConfig | null;
  /** A Grafana dashboard URL linked from notifications (`var-org`, `var-feature` are appended). */
  dashboardUrl: string | null;
  delivery: DeliveryPolicy;
}

export const DEFAULT_DELIVERY: DeliveryPolicy = {
  maxAttempts: 12,
  backoffBaseMs: 2_000,
  backoffMaxMs: 3_600_000,
  pollIntervalMs: 1_000,
  leaseMs: 60_000,
  timeoutMs: 10_000,
  batchSize: 20,
};

export const DEFAULT_ALERTMANAGER_INTERVAL_MS = 60_000;
