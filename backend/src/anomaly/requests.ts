import type { z } from 'zod';
import type { WithWarnings } from '../contract/anomaly';
import { unknownFieldWarnings } from '../core/unknownFields';
import { validateBody } from '../core/validate';

/** A validated request and the warnings it earned (unknown top-level fields are kept, not silent). */
export interface Parsed<T> {
  readonly request: T;
  readonly warnings: string[];
}

export function parseRequest<T extends z.ZodObject>(schema: T, body: unknown): Parsed<z.infer<T>> {
  return {
    request: validateBody(schema, body),
    warnings: unknownFieldWarnings(body, Object.keys(schema.shape)),
  };
}

/** The response with the request's warnings first, then the service's own; no field when none. */
export function withWarnings<T extends WithWarnings>(response: T, warnings: readonly string[]): T {
  const all = [...warnings, ...(response.warnings ?? [])];
  return all.length > 0 ? { ...response, warnings: all } : response;
}
