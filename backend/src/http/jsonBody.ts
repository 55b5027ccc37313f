import express, { type RequestHandler } from 'express';
import { rejectOversizedBody } from './bodyLimit';
import { requireJsonContentType } from './contentType';
import { HttpError } from './httpError';

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

/** Size check (announced length), Content-Type check, then the body read as text and parsed. */
export function jsonBody(limitBytes: number): RequestHandler[] {
  const raw = express.text({ type: 'application/json', limit: limitBytes });
  const parse: RequestHandler = (req, _res, next) => {
    const text = typeof req.body === 'string' ? req.body : '';
    if (text.trim() === '') {
      req.body = undefined;
      return next();
    }
    try {
      req.body = parseLenient(text);
      next();
    } catch (error) {
      const msg = error instanceof Error ? error.message : 'invalid JSON';
      next(new HttpError(422, [{ loc: ['body'], msg: `JSON decode error: ${msg}`, type: 'json_invalid' }]));
    }
  };
  return [rejectOversizedBody(limitBytes), requireJsonContentType(), raw, parse];
}
