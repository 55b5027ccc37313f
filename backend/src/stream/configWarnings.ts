import type { StreamConfig } from './schemas';

/**
 * An existing stream keeps the configuration it was created with (as LlamaFarm's does); settings a
 * later request sends that differ are ignored, and each is named so the client knows.
 */
export function configWarnings(id: string, config: StreamConfig, body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return [];
  const sent = body as Record<string, unknown>;
  return (Object.keys(config) as (keyof StreamConfig)[])
    .filter((key) => key in sent && JSON.stringify(sent[key]) !== JSON.stringify(config[key]))
    .map(
      (key) =>
        `stream '${id}' keeps its ${key} ${JSON.stringify(config[key])}; the request's ${JSON.stringify(sent[key])} was ignored (reset does not change it: delete the stream to reconfigure)`,
    );
}
