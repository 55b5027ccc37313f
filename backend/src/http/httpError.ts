import type { FieldIssue } from '../core/errors';

/** An error only the HTTP layer can raise (authentication, body parsing), with its status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string | FieldIssue[],
  ) {
    super(typeof detail === 'string' ? detail : detail.map((d) => d.msg).join('; '));
  }
}
