import type { Anomaly } from '../contract/monitors';
import type { WebhookConfig, WebhookFormat } from './config';
import { dashboardLink, deviationText, scopeOf, severityTier } from './describe';
import { SIGNATURE_HEADER, signBody } from './signature';
import { request } from './transport';

export type WebhookEvent = 'opened' | 'resolved';

/** What the outbox keeps for one webhook notification: the anomaly as it was at the event. */
export interface WebhookPayload {
  event: WebhookEvent;
  anomaly: Anomaly;
}

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** `<anomaly id>:<event>`: the same for every attempt, across restarts. */
export const idempotencyKey = (payload: WebhookPayload): string => `${payload.anomaly.id}:${payload.event}`;

/** The request body; a function of the stored payload only, so every retry sends the same bytes. */
export function webhookBody(
  payload: WebhookPayload,
  format: WebhookFormat,
  dashboardUrl: string | null,
): string {
  const link = dashboardLink(dashboardUrl, payload.anomaly);
  if (format === 'slack') return JSON.stringify({ text: slackText(payload, link) });
  return JSON.stringify({
    event: payload.event,
    idempotency_key: idempotencyKey(payload),
    anomaly: payload.anomaly,
    ...(link ? { dashboard_url: link } : {}),
  });
}

function slackText(payload: WebhookPayload, link: string | null): string {
  const a = payload.anomaly;
  const head =
    payload.event === 'opened'
      ? `:rotating_light: *${a.type}* opened in ${scopeOf(a)} — ${severityTier(a.severity)} (severity ${a.severity})`
      : `:white_check_mark: *${a.type}* resolved in ${scopeOf(a)} after ${Math.round(a.duration_seconds / 60)} min`;
  const lines = [head, escapeSlack(a.summary), deviationText(a)];
  if (link) lines.push(`<${link}|Open dashboard>`);
  return lines.join('\n');
}

/** Slack's mrkdwn control characters (its documented escapes). */
const escapeSlack = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** POSTs one notification; throws DeliveryFailure when the receiver does not answer 2xx. */
export async function sendWebhook(
  config: WebhookConfig,
  payload: WebhookPayload,
  options: { dashboardUrl: string | null; timeoutMs: number },
): Promise<void> {
  const body = webhookBody(payload, config.format, options.dashboardUrl);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    [IDEMPOTENCY_HEADER]: idempotencyKey(payload),
  };
  if (config.secret) headers[SIGNATURE_HEADER] = signBody(body, config.secret);
  await request({ method: 'POST', url: config.url, headers, body, timeoutMs: options.timeoutMs });
}
