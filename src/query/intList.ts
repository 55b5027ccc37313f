export type IntListResult = { ok: true; values: number[] } | { ok: false; error: string };

/** Comma-separated whole numbers in [min, max], at most `maxCount` of them; blank means none. */
export function parseIntList(text: string, min: number, max: number, maxCount: number): IntListResult {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length > maxCount) return { ok: false, error: `at most ${maxCount} values` };
  const values: number[] = [];
  for (const part of parts) {
    const n = Number(part);
    if (!/^\d+$/.test(part) || n < min || n > max) {
      return { ok: false, error: `'${part}' is not a whole number from ${min} to ${max}` };
    }
    values.push(n);
  }
  return { ok: true, values };
}
