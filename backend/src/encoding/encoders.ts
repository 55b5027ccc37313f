import { createHash } from 'node:crypto';
import { parseNumeric, valueText } from './valueText';

export const ENCODING_TYPES = ['numeric', 'hash', 'label', 'onehot', 'binary', 'frequency'] as const;
export type EncodingType = (typeof ENCODING_TYPES)[number];

const MAX_ONEHOT_CATEGORIES = 100;
/** Distinct training hash codes a hash encoder keeps, so explanations can name unseen values. */
const MAX_HASH_SEEN = 10_000;
const TRUTHY = new Set(['true', '1', 'yes', 'on', 't', 'y']);

/** The learned state of one feature's encoder, as stored in the `_encoder.json` sidecar. */
export type EncoderState =
  | { type: 'numeric' }
  | {
      type: 'hash';
      /**
       * The training values' codes, ascending; absent when there were more than MAX_HASH_SEEN
       * distinct values or in files written before it (encoding never reads it).
       */
      seen?: number[];
    }
  | { type: 'binary' }
  | { type: 'label'; categories: Record<string, number> }
  | { type: 'onehot'; categories: string[] }
  | { type: 'frequency'; frequencies: Record<string, number>; default_value: number };

/** int(md5(text)[0:8], 16) mod 1_000_000 */
export function hashText(text: string): number {
  const hex = createHash('md5').update(text, 'utf8').digest('hex').slice(0, 8);
  return parseInt(hex, 16) % 1_000_000;
}

/** Code-point order, as Python's sorted() on str. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function fitEncoder(type: EncodingType, values: readonly unknown[]): EncoderState {
  const texts = values.map(valueText).filter((t): t is string => t !== null);
  switch (type) {
    case 'numeric':
    case 'binary':
      return { type };
    case 'hash': {
      const codes = [...new Set(texts.map(hashText))];
      return codes.length > MAX_HASH_SEEN ? { type } : { type, seen: codes.sort((a, b) => a - b) };
    }
    case 'label': {
      const sorted = [...new Set(texts)].sort(byCodePoint);
      return { type, categories: Object.fromEntries(sorted.map((c, i) => [c, i + 1])) };
    }
    case 'onehot': {
      const counts = countTexts(texts);
      const kept = [...counts.keys()]
        .sort((a, b) => counts.get(b)! - counts.get(a)! || byCodePoint(a, b))
        .slice(0, MAX_ONEHOT_CATEGORIES)
        .sort(byCodePoint);
      return { type, categories: kept };
    }
    case 'frequency': {
      const shares = [...countTexts(texts)].map(([c, count]): [string, number] => [c, count / texts.length]);
      const smallest = Math.min(...shares.map(([, share]) => share));
      const default_value = Number.isFinite(smallest) ? smallest / 2 : 0;
      return { type, frequencies: Object.fromEntries(shares), default_value };
    }
  }
}

function countTexts(texts: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of texts) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

export function encodedWidth(state: EncoderState): number {
  return state.type === 'onehot' ? state.categories.length : 1;
}

/** Writes this feature's columns for one value into out[offset..]. */
export function encodeValue(state: EncoderState, value: unknown, out: Float64Array, offset: number): void {
  const text = valueText(value);
  switch (state.type) {
    case 'numeric':
      out[offset] = parseNumeric(value) ?? 0;
      return;
    case 'hash':
      out[offset] = text === null ? 0 : hashText(text);
      return;
    case 'binary':
      out[offset] = text !== null && TRUTHY.has(text.toLowerCase()) ? 1 : 0;
      return;
    case 'label':
      out[offset] = text === null ? 0 : (own(state.categories, text) ?? 0);
      return;
    case 'onehot': {
      const cats = state.categories;
      for (let k = 0; k < cats.length; k++) out[offset + k] = cats[k] === text ? 1 : 0;
      return;
    }
    case 'frequency':
      out[offset] =
        text === null ? state.default_value : (own(state.frequencies, text) ?? state.default_value);
      return;
  }
}

/**
 * Whether a categorical value occurred in the training rows: null when the encoder cannot tell
 * (numeric and binary features, a hash encoder without its codes, a one-hot value beyond the kept
 * categories when some were dropped).
 */
export function valueSeenInTraining(state: EncoderState, value: unknown): boolean | null {
  const text = valueText(value);
  if (text === null) return null;
  switch (state.type) {
    case 'numeric':
    case 'binary':
      return null;
    case 'hash':
      return state.seen ? sortedIncludes(state.seen, hashText(text)) : null;
    case 'label':
      return own(state.categories, text) !== undefined;
    case 'onehot':
      return state.categories.includes(text)
        ? true
        : state.categories.length < MAX_ONEHOT_CATEGORIES
          ? false
          : null;
    case 'frequency':
      return own(state.frequencies, text) !== undefined;
  }
}

function sortedIncludes(sorted: readonly number[], v: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] === v;
}

/** Own-property lookup, so a category named "constructor" or "__proto__" is just a category. */
function own(map: Record<string, number>, key: string): number | undefined {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}
