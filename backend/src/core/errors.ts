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
  'invalid_fields' | 'invalid_input' | 'not_found' | 'conflict' | 'not_allowed' | 'upstream';

export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
  /** What a client sees: a sentence, or the list of invalid fields. */
  abstract readonly detail: string | FieldIssue[];
}

/** A request whose fields have the wrong shape or type (each issue names its location). */
export class InvalidFieldsError extends DomainError {
  readonly code = 'invalid_fields';
  constructor(readonly detail: FieldIssue[]) {
    super(detail.map((d) => d.msg).join('; '));
  }
}

/** Well-formed input whose values cannot be used (NaN, ragged rows, too few rows, …). */
export class InvalidInputError extends DomainError {
  readonly code = 'invalid_input';
  constructor(readonly detail: string) {
    super(detail);
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'not_found';
  constructor(readonly detail: string) {
    super(detail);
  }
}

/** The request would clash with existing state (another model's file, a reserved name). */
export class ConflictError extends DomainError {
  readonly code = 'conflict';
  constructor(readonly detail: string) {
    super(detail);
  }
}

/** The request names something the service's own configuration does not allow (a Prometheus URL). */
export class NotAllowedError extends DomainError {
  readonly code = 'not_allowed';
  constructor(readonly detail: string) {
    super(detail);
  }
}

/** A source the service depends on (Prometheus) failed; the detail never echoes its body. */
export class UpstreamError extends DomainError {
  readonly code = 'upstream';
  constructor(readonly detail: string) {
    super(detail);
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
