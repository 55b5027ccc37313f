import type { z } from 'zod';
import { ApiError } from './errors';

/** Parses a request body with a zod schema; failures become a 422 with every offending location. */
export function validateBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body ?? undefined);
  if (result.success) return result.data;
  throw new ApiError(
    422,
    result.error.issues.map((issue) => ({
      loc: ['body', ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
      msg: issue.message,
      type: issue.code,
    })),
  );
}
