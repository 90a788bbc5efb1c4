import { ERROR_CODES, type ErrorCode, type FieldIssue } from '@app/shared';
import type { ZodError } from 'zod';

/**
 * The one error type services and routes throw. The error handler turns it into the envelope
 * `{"error": {"code", "message", "details"?}}` with the status that belongs to the code.
 */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message ?? ERROR_CODES[code].message);
    this.name = 'AppError';
    this.status = ERROR_CODES[code].status;
  }
}

export function zodIssuesToFields(error: ZodError, prefix?: string): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
}

export function validationError(error: ZodError, prefix?: string): AppError {
  return new AppError('VALIDATION_FAILED', undefined, { fields: zodIssuesToFields(error, prefix) });
}
