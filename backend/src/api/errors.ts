/** An error with an HTTP status and a FastAPI-style `detail` body: `{"detail": ...}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string | ValidationIssue[],
  ) {
    super(typeof detail === 'string' ? detail : detail.map((d) => d.msg).join('; '));
  }
}

/** One entry of a 422 body, as FastAPI writes them. */
export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
}

export const badRequest = (message: string): ApiError => new ApiError(400, message);
export const notFound = (message: string): ApiError => new ApiError(404, message);
export const conflict = (message: string): ApiError => new ApiError(409, message);
export const unprocessable = (loc: (string | number)[], msg: string, type = 'value_error'): ApiError =>
  new ApiError(422, [{ loc, msg, type }]);
