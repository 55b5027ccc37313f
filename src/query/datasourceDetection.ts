import type { DataQueryRequest } from '@grafana/data';
import { BackendError, type BackendClient } from '../api/backendClient';
import type { Detection } from '../api/backendTypes';
import type { AnomalyQuery } from '../types';
import type { DetectSettings } from './detectBody';
import { runSourceQuery, sourceIntervalMs } from './sourceQuery';
import type { Window } from './trainingWindow';

/** Detection on another data source's query, remembering the models the backend fitted for it. */
export class DatasourceDetection {
  /** Model keys by source, settings and step, so refreshes only fetch the panel range. */
  private readonly modelKeys = new Map<string, { modelKey: string; contextMs: number }>();

  constructor(private readonly client: BackendClient) {}

  /**
   * Runs the other data source's query over training + panel range and sends the points to the
   * backend. Once a model exists, a refresh fetches only the panel range (plus the history the
   * features need) and asks the backend to score it with the cached model.
   */
  async detect(
    request: DataQueryRequest<AnomalyQuery>,
    query: AnomalyQuery,
    settings: DetectSettings,
  ): Promise<{ detection: Detection; executed: string }> {
    const { sourceQuery, sourceDatasource } = query;
    const { refId: _refId, datasource: _ds, key: _key, ...queryModel } = sourceQuery ?? { refId: '' };
    const source = JSON.stringify({ datasource: sourceDatasource?.uid, query: queryModel });
    const span: Window = {
      from: Math.min(settings.training.from, settings.range.from),
      to: Math.max(settings.training.to, settings.range.to),
    };
    const interval = sourceIntervalMs(request.intervalMs, span);
    const { range: _range, model_name: modelName, ...fixed } = settings;
    const localKey = JSON.stringify({ source, fixed, interval });
    const executed = `${sourceDatasource?.type ?? 'data source'} query ${JSON.stringify(queryModel)} every ${interval / 1000}s`;
    const known = this.modelKeys.get(localKey);
    if (known && !modelName) {
      const recent = { from: settings.range.from - known.contextMs - interval, to: settings.range.to };
      const series = await runSourceQuery(request, query, recent, interval);
      try {
        const detection = await this.client.score({
          model_key: known.modelKey,
          series,
          score_from: settings.range.from,
          ...(settings.detector.threshold !== undefined ? { threshold: settings.detector.threshold } : {}),
        });
        return { detection, executed: `${executed} (panel range, cached model)` };
      } catch (error) {
        if (!(error instanceof BackendError && (error.status === 404 || error.status === 400))) throw error;
        this.modelKeys.delete(localKey); // evicted or the series changed: fit again below
      }
    }
    const series = await runSourceQuery(request, query, span, interval);
    if (series.length === 0)
      throw new Error(`the ${sourceDatasource?.type ?? 'source'} query returned no numeric series`);
    const detection = await this.client.detect({ ...settings, source, series });
    if (detection.meta.kind === 'tabular') {
      this.modelKeys.set(localKey, {
        modelKey: detection.meta.model_key,
        contextMs: detection.meta.context_ms,
      });
    }
    return { detection, executed };
  }
}
