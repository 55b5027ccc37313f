import type { Request, RequestHandler } from 'express';

/** A route's work: from the request to the JSON body it answers with. */
export type Handler<T> = (req: Request) => Promise<T> | T;

/** express 5 forwards rejected promises to the error handler; a route only has to send its result. */
export const send =
  <T>(handler: Handler<T>, status = 200): RequestHandler =>
  async (req, res) => {
    res.status(status).json(await handler(req));
  };
