import type { z } from 'zod';
import { InvalidFieldsError } from './errors';

/**
 * Parses a value with a zod schema; failures become one `InvalidFieldsError` listing every
 * offending field, located under `at` (e.g. `["body"]` or `["body", "detector", "params"]`).
 */
export function parseAt<T extends z.ZodType>(schema: T, value: unknown, at: (string | number)[]): z.infer<T> {
  const result = schema.safeParse(value ?? undefined);
  if (result.success) return result.data;
  throw new InvalidFieldsError(
    result.error.issues.map((issue) => ({
      loc: [...at, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
      msg: issue.message,
      type: issue.code,
    })),
  );
}

/** A request body parsed with its schema. */
export const validateBody = <T extends z.ZodType>(schema: T, body: unknown): z.infer<T> =>
  parseAt(schema, body, ['body']);
