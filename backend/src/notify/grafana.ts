import type { Anomaly } from '../contract/monitors';
import type { GrafanaConfig } from './config';
import { deviationText, endedAt } from './describe';
import { DeliveryFailure, request } from './transport';

/**
 * Grafana annotations (HTTP API `/api/annotations`, service-account token). Organisation-wide
 * annotations, found by dashboards through their tags; `anomaly:<id>` makes each one findable, so
 * a retry after a crash between Grafana's answer and our bookkeeping adopts the annotation it
 * already created instead of adding a second one.
 */
export function annotationTags(anomaly: Anomaly): string[] {
  const tags = ['anomaly-lens', `type:${anomaly.type}`, `anomaly:${anomaly.id}`];
  if (anomaly.org) tags.push(`org:${anomaly.org}`);
  if (anomaly.feature) tags.push(`feature:${anomaly.feature}`);
  return tags;
}

const text = (anomaly: Anomaly): string => `${anomaly.summary}\n${deviationText(anomaly)}`;

function headers(config: GrafanaConfig): Record<string, string> {
  return {
    Authorization: `Bearer ${config.token}`,
    'Content-Type': 'application/json',
    Accept: 'application/json',
  };
}

const endpoint = (config: GrafanaConfig, path: string): string =>
  new URL(path, withSlash(config.url)).toString();
const withSlash = (url: string): string => (url.endsWith('/') ? url : `${url}/`);

/** The id of the annotation already tagged with this anomaly, if any. */
async function findAnnotation(
  config: GrafanaConfig,
  anomaly: Anomaly,
  timeoutMs: number,
): Promise<number | null> {
  const query = new URLSearchParams({ tags: `anomaly:${anomaly.id}`, type: 'annotation', limit: '1' });
  const found = parseJson(
    await request({
      method: 'GET',
      url: endpoint(config, `api/annotations?${query}`),
      headers: headers(config),
      timeoutMs,
    }),
  );
  if (!Array.isArray(found) || found.length === 0) return null;
  return annotationId(found[0]);
}

/** Creates (or adopts) the anomaly's annotation at its detection time; resolves with its id. */
export async function createAnnotation(
  config: GrafanaConfig,
  anomaly: Anomaly,
  timeoutMs: number,
): Promise<number> {
  const existing = await findAnnotation(config, anomaly, timeoutMs);
  if (existing !== null) return existing;
  const created = parseJson(
    await request({
      method: 'POST',
      url: endpoint(config, 'api/annotations'),
      headers: headers(config),
      body: JSON.stringify({
        time: Date.parse(anomaly.detected_at),
        tags: annotationTags(anomaly),
        text: text(anomaly),
      }),
      timeoutMs,
    }),
  );
  return annotationId(created);
}

/**
 * Turns the annotation into a region ending when the anomaly did. `id` is the stored one; without
 * it (the creation's receipt is missing) the annotation is looked up by tag, and a retryable
 * failure is raised while it does not exist yet.
 */
export async function endAnnotation(
  config: GrafanaConfig,
  anomaly: Anomaly,
  id: number | null,
  timeoutMs: number,
): Promise<number> {
  const target = id ?? (await findAnnotation(config, anomaly, timeoutMs));
  if (target === null) throw new DeliveryFailure('annotation not created yet');
  await request({
    method: 'PATCH',
    url: endpoint(config, `api/annotations/${target}`),
    headers: headers(config),
    body: JSON.stringify({ timeEnd: endedAt(anomaly), text: `${text(anomaly)}\n${anomaly.status}` }),
    timeoutMs,
  });
  return target;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new DeliveryFailure('Grafana answered something other than JSON');
  }
}

function annotationId(value: unknown): number {
  const id = (value as { id?: unknown } | null)?.id;
  if (typeof id !== 'number' || !Number.isInteger(id))
    throw new DeliveryFailure('Grafana answered without an annotation id');
  return id;
}
