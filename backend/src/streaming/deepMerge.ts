/** Recursively optional: what a caller may override in a nested configuration. */
export type DeepPartial<T> = T extends readonly (infer U)[]
  ? readonly U[]
  : T extends object
    ? { readonly [K in keyof T]?: DeepPartial<T[K]> }
    : T;

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

/**
 * `base` with `overrides` applied: nested objects merge key by key, arrays and scalars replace,
 * undefined leaves the base value. Unknown keys and values of the wrong kind (a string where the
 * default is a number, …) are rejected, so overrides arriving as JSON cannot pass silently.
 */
export function deepMerge<T>(base: T, overrides: DeepPartial<T> | undefined, path = 'config'): T {
  if (overrides === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(overrides)) return overrides as T;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (!(key in base)) throw new Error(`${path}.${key}: unknown setting`);
    const current = base[key];
    checkKind(current, value, `${path}.${key}`);
    out[key] =
      isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value, `${path}.${key}`) : value;
  }
  return out as T;
}

/** Throws unless `value` is of the same kind as the default it replaces (null may replace objects). */
function checkKind(current: unknown, value: unknown, path: string): void {
  if (current === null || (value === null && isPlainObject(current))) return;
  const expected = Array.isArray(current) ? 'array' : typeof current;
  const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  if (expected !== actual)
    throw new Error(`${path}: expected ${expected === 'object' ? 'an object' : `a ${expected}`}`);
  if (expected === 'number' && !Number.isFinite(value)) throw new Error(`${path}: expected a finite number`);
}
