import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpError } from './httpError';

/** The header the Grafana data source's route injects from its secure settings. */
export const API_KEY_HEADER = 'x-api-key';

export function apiKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.LF_API_KEY ? env.LF_API_KEY : undefined;
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * When a key is configured, requests must carry it as `X-Api-Key: KEY` or `Authorization: Bearer KEY`.
 * Digests are compared in constant time so the check leaks neither content nor length.
 */
export function requireApiKey(key: string | undefined): RequestHandler {
  if (!key) return (_req, _res, next) => next();
  const expected = digest(key);
  return (req, _res, next) => {
    const bearer = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const given = req.get(API_KEY_HEADER) || bearer;
    if (given !== undefined && timingSafeEqual(digest(given), expected)) return next();
    next(
      new HttpError(
        401,
        given === undefined
          ? 'missing API key: send it as X-Api-Key (set it in the Grafana data source settings)'
          : 'invalid API key: check the key in the Grafana data source settings against LF_API_KEY',
      ),
    );
  };
}
