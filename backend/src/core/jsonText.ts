import { InvalidFieldsError } from './errors';

/**
 * Python clients send NaN and Infinity as bare tokens (json.dumps allows them). Standard JSON
 * rejects those; we turn them into Infinity outside strings so validation can answer with a 400
 * that names the offending value instead of a parse error.
 */
function parseLenient(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const patched = text.replace(
      /"(?:[^"\\]|\\.)*"|(-?)(?:NaN|Infinity)\b/g,
      (match, sign: string | undefined) => (match.startsWith('"') ? match : `${sign ?? ''}1e999`),
    );
    if (patched === text) throw error;
    return JSON.parse(patched);
  }
}

/** A request body's bytes → its JSON value (undefined for an empty body). */
export function parseJsonBytes(bytes: Uint8Array): unknown {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return parseLenient(text);
  } catch (error) {
    const msg = error instanceof Error ? error.message : 'invalid JSON';
    throw new InvalidFieldsError([{ loc: ['body'], msg: `JSON decode error: ${msg}`, type: 'json_invalid' }]);
  }
}

/**
 * A value → its JSON text as UTF-8 bytes, exactly what express's `res.json` would write. Large
 * answers are encoded where they were computed (a worker), so the event loop only writes them.
 */
export function jsonBytes(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}
