/**
 * NAB timestamps look like `2014-04-10 07:15:00` (CSV rows) or `2014-04-10 07:15:00.000000`
 * (window labels). They carry no zone; we read them as UTC so that arithmetic is exact.
 */
const PATTERN = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?/;

/** Milliseconds since the epoch, reading the wall-clock text as UTC; NaN when unparseable. */
export function parseNabTimestamp(text: string): number {
  const m = PATTERN.exec(text.trim());
  if (m === null) return NaN;
  const frac = m[7] === undefined ? 0 : Math.round(Number(`0.${m[7]}`) * 1000);
  return (
    Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) + frac
  );
}

/** Formats epoch milliseconds back to NAB's `YYYY-MM-DD HH:MM:SS`. */
export function formatNabTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
