/** The codes a client sees in `extensions.code` (DESIGN.md "API shape"). */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  CONFLICT = 'CONFLICT',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
  /** Refused before running: see graphql/operation-limits.ts and app/request-guards.ts. */
  QUERY_TOO_DEEP = 'QUERY_TOO_DEEP',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  RATE_LIMITED = 'RATE_LIMITED',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
}

/**
 * An error meant for the client: its message says what is wrong and what is
 * allowed. Each module's errors extend it; anything else that escapes a
 * resolver is logged and reaches the client as a generic internal error.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra fields for `extensions`, e.g. the offending argument. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  static badInput(message: string, details?: Record<string, unknown>): AppError {
    return new AppError(ErrorCode.BAD_USER_INPUT, message, details);
  }

  static conflict(message: string): AppError {
    return new AppError(ErrorCode.CONFLICT, message);
  }
}
