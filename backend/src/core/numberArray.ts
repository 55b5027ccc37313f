import { z } from 'zod';

/**
 * `z.array(z.number()).max(max)` (or of `z.number().nullable()`), for arrays of millions of points:
 * one tight loop accepts a well-formed array as it is; anything else is handed to the zod schema
 * itself, so a bad array gets exactly zod's issues (same codes, messages and paths).
 */
function fastArray<T extends z.ZodType<(number | null)[]>>(
  strict: T,
  nullable: boolean,
  max: number,
): z.ZodType<z.output<T>> {
  const wellFormed = (value: unknown): value is z.output<T> => {
    if (!Array.isArray(value) || value.length > max) return false;
    for (let i = 0; i < value.length; i++) {
      const x: unknown = value[i];
      if (typeof x === 'number' ? !Number.isFinite(x) : !(nullable && x === null)) return false;
    }
    return true;
  };
  return z.unknown().transform((value, ctx): z.output<T> => {
    if (wellFormed(value)) return value;
    const parsed = strict.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue });
    return z.NEVER;
  });
}

/** Finite numbers, at most `max` of them. */
export const numberArray = (max: number): z.ZodType<number[]> =>
  fastArray(z.array(z.number()).max(max), false, max);

/** Finite numbers or null (a gap), at most `max` of them. */
export const nullableNumberArray = (max: number): z.ZodType<(number | null)[]> =>
  fastArray(z.array(z.number().nullable()).max(max), true, max);
