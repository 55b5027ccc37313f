import {
  ActionType,
  createDataFrame,
  FieldType,
  HttpRequestMethod,
  type Action,
  type DataFrame,
} from '@grafana/data';
import { feedbackPath, type Feedback } from '../api/backendClient';
import type { Anomaly } from '../api/backendTypes';

/**
 * The table actions that dismiss or accept the row's anomaly. Grafana runs a `fetch` action in the
 * browser with the user's session, so the URL goes through the data source's proxy route
 * (`<proxy url>/lens/…`, plugin.json): Grafana adds the API key; the browser never calls the backend.
 * Grafana only lets actions POST to its own paths listed in `[security] actions_allow_post_url`.
 */
export function feedbackActions(proxyUrl: string): Action[] {
  const action = (feedback: Feedback, title: string, confirmation: string, color: string): Action => ({
    type: ActionType.Fetch,
    title,
    confirmation,
    style: { backgroundColor: color },
    [ActionType.Fetch]: {
      method: HttpRequestMethod.POST,
      // The row's id column (ids are `<monitor id>:<epoch ms>`, URL-safe as they are).
      url: `${proxyUrl}/lens${feedbackPath('${__data.fields.id}', feedback)}`,
      headers: [['Content-Type', 'application/json']],
      body: JSON.stringify({ reason: `${title} from Grafana by \${__user.login}` }),
    },
  });
  return [
    action(
      'dismiss',
      'Dismiss',
      'Dismiss the ${__data.fields.type} anomaly in ${__data.fields.org}/${__data.fields.feature}? It leaves the feed, never alerts again and its data leaves future baselines.',
      '#8E8E8E',
    ),
    action(
      'accept',
      'Accept as new normal',
      'Accept the ${__data.fields.type} change in ${__data.fields.org}/${__data.fields.feature} as the new normal? The monitor re-baselines from it.',
      '#5794F2',
    ),
  ];
}

const SEVERITY_STEPS = [
  { value: -Infinity, color: 'green' },
  { value: 40, color: 'orange' },
  { value: 70, color: 'red' },
];

/**
 * The anomaly feed as a table: type, org, feature, observed vs expected, σ, %, severity, status,
 * detected, duration and summary, with the id last. Every column carries the Dismiss and Accept
 * actions, so any table panel on this query offers them on a click in a row.
 */
export function anomalyFeedFrame(anomalies: Anomaly[], refId: string, proxyUrl: string): DataFrame {
  const actions = feedbackActions(proxyUrl);
  const column = <T>(name: string, type: FieldType, get: (a: Anomaly) => T, config: object = {}) => ({
    name,
    type,
    values: anomalies.map(get),
    config: { actions, ...config },
  });
  return createDataFrame({
    refId,
    name: 'anomaly feed',
    meta: { preferredVisualisationType: 'table' },
    fields: [
      column('type', FieldType.string, (a) => a.type),
      column('org', FieldType.string, (a) => a.org ?? ''),
      column('feature', FieldType.string, (a) => a.feature ?? ''),
      column('observed', FieldType.number, (a) => a.observed, { decimals: 4 }),
      column('expected', FieldType.number, (a) => a.expected, { decimals: 4 }),
      column('σ', FieldType.number, (a) => a.deviation_sigma, { decimals: 1 }),
      column('%', FieldType.number, (a) => a.deviation_pct, { decimals: 0, unit: 'percent' }),
      column('severity', FieldType.number, (a) => a.severity, {
        min: 0,
        max: 100,
        thresholds: { mode: 'absolute', steps: SEVERITY_STEPS },
        custom: { cellOptions: { type: 'color-text' } },
      }),
      column('status', FieldType.string, (a) => a.status),
      column('detected', FieldType.time, (a) => Date.parse(a.detected_at)),
      column('duration', FieldType.number, (a) => a.duration_seconds, { unit: 's' }),
      column('summary', FieldType.string, (a) => a.summary),
      column('id', FieldType.string, (a) => a.id),
    ],
  });
}
