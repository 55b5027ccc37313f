/** A number as a reader wants it in a sentence: integers whole, others to 4 significant digits. */
export function numberText(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  return String(Number(v.toPrecision(4)));
}

/** A ratio: whole from 10 up (480×), one decimal below (2.5×). */
export function ratioText(r: number): string {
  return r >= 10 ? String(Math.round(r)) : String(Number(r.toFixed(1)));
}

/** A categorical value quoted, long ones cut. */
export function quoted(text: string): string {
  return `'${text.length > 40 ? `${text.slice(0, 40)}…` : text}'`;
}
