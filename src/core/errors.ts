/**
 * Typed errors that cross from the domain to the API. Each carries the HTTP status and a problem
 * type slug, so the API layer maps them to RFC 9457 problem+json without knowing the domain.
 */
export interface FieldIssue {
  /** JSON pointer or field name, e.g. `/vatId` or `country`. */
  field: string;
  message: string;
}

export abstract class BillstreamError extends Error {
  abstract readonly status: number;
  abstract readonly problemType: string;
  readonly issues: FieldIssue[];
  constructor(message: string, issues: FieldIssue[] = []) {
    super(message);
    this.issues = issues;
  }
}

/** Input that is well-formed but breaks a business rule (422). */
export class ValidationError extends BillstreamError {
  override readonly name = 'ValidationError';
  readonly status = 422;
  readonly problemType = 'validation-failed';
  static field(field: string, message: string): ValidationError {
    return new ValidationError(`${field}: ${message}`, [{ field, message }]);
  }
}

/**
 * A request parameter the spec's schema lets through but that means nothing (a query date like
 * 2026-02-30: formats are checked by pattern only): 400, like the schema's own refusals.
 */
export class InvalidParameterError extends BillstreamError {
  override readonly name = 'InvalidParameterError';
  readonly status = 400;
  readonly problemType = 'invalid-request';
  static field(field: string, message: string): InvalidParameterError {
    return new InvalidParameterError(`${field}: ${message}`, [{ field, message }]);
  }
}

/** The command conflicts with the current state, e.g. creating what exists (409). */
export class ConflictError extends BillstreamError {
  override readonly name = 'ConflictError';
  readonly status = 409;
  readonly problemType = 'conflict';
}

export class NotFoundError extends BillstreamError {
  override readonly name = 'NotFoundError';
  readonly status = 404;
  readonly problemType = 'not-found';
}

/** If-Match named another revision than the current one (412): someone changed it meanwhile. */
export class PreconditionFailedError extends BillstreamError {
  override readonly name = 'PreconditionFailedError';
  readonly status = 412;
  readonly problemType = 'precondition-failed';
}
