import type { DetectResult, ExplainResult, ScoreResult } from '../contract/anomaly';
import { jsonBytes, parseJsonBytes } from '../core/jsonText';
import type { Matrix } from '../core/matrix';
import type { FeatureEncoderState } from '../encoding/featureEncoder';
import { parseRequest, withWarnings } from './requests';
import { trainingMatrix } from './rowsToMatrix';
import { explainRequest, fitRequest, scoreRowsRequest, type FitRequest } from './schemas';
import type { AnomalyService } from './service';

export type ScoreRoute = 'score' | 'detect' | 'explain';

/** A fit body parsed, validated and turned into features off the event loop. */
export interface PreparedFitBody {
  /** The request without its rows (`data` is empty): they are in `x`. */
  readonly request: FitRequest;
  readonly warnings: string[];
  readonly x: Matrix;
  readonly encoder: FeatureEncoderState | null;
}

/** Where the anomaly API sends work too heavy for the event loop (the composition root decides how). */
export interface AnomalyOffload {
  /** The score/detect/explain response as UTF-8 JSON bytes (`jsonBytes`) for a raw request body. */
  score(body: Uint8Array, route: ScoreRoute): Promise<Uint8Array>;
  prepareFit(body: Uint8Array): Promise<PreparedFitBody>;
}

/** score/detect/explain from a parsed body to the response, warnings attached; the same inline and in workers. */
export async function scoreBody(
  service: AnomalyService,
  body: unknown,
  route: ScoreRoute,
): Promise<ScoreResult | DetectResult | ExplainResult> {
  if (route === 'explain') {
    const { request, warnings } = parseRequest(explainRequest, body);
    return withWarnings(await service.explain(request), warnings);
  }
  const { request, warnings } = parseRequest(scoreRowsRequest, body);
  const result = route === 'score' ? await service.score(request) : await service.detect(request);
  return withWarnings(result, warnings);
}

/** The heavy half of a fit request: validation and rows → features (the training happens later). */
export function prepareFitBody(body: unknown, maxCells: number): PreparedFitBody {
  const { request, warnings } = parseRequest(fitRequest, body);
  const { x, encoder } = trainingMatrix(request.data, request.schema, maxCells);
  return { request: { ...request, data: [] }, warnings, x, encoder };
}

/** Runs the heavy work on the calling thread: for in-process use (tests, tools) without workers. */
export function inlineOffload(service: AnomalyService): AnomalyOffload {
  return {
    score: async (body, route) => jsonBytes(await scoreBody(service, parseJsonBytes(body), route)),
    prepareFit: async (body) => prepareFitBody(parseJsonBytes(body), service.limits.maxFitCells),
  };
}
