/** Compact number text for explanations: 3 decimals, exponent form for very large or tiny values. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return x.toExponential(2);
  return String(Math.round(x * 1000) / 1000);
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** `name{a="b"}` as Prometheus prints a series. */
export function seriesLabel(name: string, labels: Readonly<Record<string, string>>): string {
  const keys = Object.keys(labels).filter((k) => k !== '__name__');
  if (keys.length === 0) return name;
  return `${name}{${keys
    .sort()
    .map((k) => `${k}="${labels[k]}"`)
    .join(', ')}}`;
}
