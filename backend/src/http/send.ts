import type { Request, RequestHandler, Response } from 'express';

/** A route's work: from the request to the JSON body it answers with. */
export type Handler<T> = (req: Request) => Promise<T> | T;

/** express 5 forwards rejected promises to the error handler; a route only has to send its result. */
export const send =
  <T>(handler: Handler<T>, status = 200): RequestHandler =>
  async (req, res) => {
    res.status(status).json(await handler(req));
  };

/**
 * Answers with JSON already encoded as UTF-8 (by a worker thread): the same headers as `res.json`
 * (`application/json; charset=utf-8`, `Content-Length`), the bytes written as they are, no copy.
 */
export function sendJsonBytes(res: Response, bytes: Uint8Array, status = 200): void {
  res
    .status(status)
    .type('application/json; charset=utf-8')
    .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
