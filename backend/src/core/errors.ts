/**
 * Domain errors. Any layer may raise them; only `http/errorHandler.ts` knows which HTTP status
 * each one becomes, so no domain code depends on HTTP.
 */

/** One invalid field, located FastAPI-style: `["body", "data", 3, "bytes"]`. */
export interface FieldIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
}

export type DomainErrorCode =
  | 'invalid_fields'
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'integrity'
  | 'not_allowed'
  | 'upstream'
  | 'too_large'
  | 'busy';

export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
  /** What a client sees: a sentence, or the list of invalid fields. */
  abstract readonly detail: string | FieldIssue[];
}

/** A domain error whose detail is one sentence. */
abstract class MessageError extends DomainError {
  constructor(readonly detail: string) {
    super(detail);
  }
}

/** A request whose fields have the wrong shape or type (each issue names its location). */
export class InvalidFieldsError extends DomainError {
  readonly code = 'invalid_fields';
  constructor(readonly detail: FieldIssue[]) {
    super(detail.map((d) => d.msg).join('; '));
  }
}

/** Well-formed input whose values cannot be used (NaN, ragged rows, too few rows, …). */
export class InvalidInputError extends MessageError {
  readonly code = 'invalid_input';
}

export class NotFoundError extends MessageError {
  readonly code = 'not_found';
}

/** The request would clash with existing state (another model's file, a reserved name). */
export class ConflictError extends MessageError {
  readonly code = 'conflict';
}

/**
 * Stored state that cannot be trusted: a model file that fails its checksum, is truncated, is not a
 * model file at all, or needs a sidecar that does not parse. The detail names the file and the problem.
 */
export class IntegrityError extends MessageError {
  readonly code = 'integrity';
}

/** The request names something the service's own configuration does not allow (a Prometheus URL). */
export class NotAllowedError extends MessageError {
  readonly code = 'not_allowed';
}

/** A source the service depends on (Prometheus) failed; the detail never echoes its body. */
export class UpstreamError extends MessageError {
  readonly code = 'upstream';
}

/** A request beyond a documented size cap; the detail names the cap and its setting. */
export class TooLargeError extends MessageError {
  readonly code = 'too_large';
}

/** Every worker and queue slot is taken: the client should retry after `retryAfterSeconds`. */
export class BusyError extends DomainError {
  readonly code = 'busy';
  constructor(
    readonly detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super(detail);
  }
}

/** A domain error as it crosses a thread boundary (plain data), and back. */
export interface DomainErrorData {
  code: DomainErrorCode;
  detail: string | FieldIssue[];
  retryAfterSeconds?: number;
}

export function domainErrorData(error: DomainError): DomainErrorData {
  return {
    code: error.code,
    detail: error.detail,
    ...(error instanceof BusyError ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
  };
}

export function domainErrorFrom(data: DomainErrorData): DomainError {
  const text = typeof data.detail === 'string' ? data.detail : '';
  switch (data.code) {
    case 'invalid_fields':
      return new InvalidFieldsError(Array.isArray(data.detail) ? data.detail : []);
    case 'invalid_input':
      return new InvalidInputError(text);
    case 'not_found':
      return new NotFoundError(text);
    case 'conflict':
      return new ConflictError(text);
    case 'integrity':
      return new IntegrityError(text);
    case 'not_allowed':
      return new NotAllowedError(text);
    case 'upstream':
      return new UpstreamError(text);
    case 'too_large':
      return new TooLargeError(text);
    case 'busy':
      return new BusyError(text, data.retryAfterSeconds ?? 1);
  }
}

export const invalidInput = (message: string): InvalidInputError => new InvalidInputError(message);
export const notFound = (message: string): NotFoundError => new NotFoundError(message);
export const conflict = (message: string): ConflictError => new ConflictError(message);
export const invalidField = (
  loc: (string | number)[],
  msg: string,
  type = 'value_error',
): InvalidFieldsError => new InvalidFieldsError([{ loc, msg, type }]);
