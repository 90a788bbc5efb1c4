import type { Document } from 'bson';

/** Real mongod error codes we emit; names must match so drivers map them (e.g. mongoose's 11000 handling). */
export const ErrorCodes = {
  InternalError: 1,
  BadValue: 2,
  FailedToParse: 9,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  CursorNotFound: 43,
  NamespaceExists: 48,
  CommandNotFound: 59,
  ImmutableField: 66,
  InvalidOptions: 72,
  OperationFailed: 96,
  CommandNotSupportedOnView: 166,
  OptionNotSupportedOnView: 167,
  NotImplemented: 238,
  UnknownBsonField: 40415,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  CommandNotSupported: 115,
  DuplicateKey: 11000,
  InvalidPipelineOperator: 168,
  NoSuchTransaction: 251,
} as const;

export type ErrorCodeName = keyof typeof ErrorCodes;

/** An error that becomes `{ok: 0, errmsg, code, codeName, ...extra}` on the wire. */
export class MongoCommandError extends Error {
  readonly code: number;
  readonly codeName: ErrorCodeName;
  /** Extra fields copied into the reply (e.g. keyPattern/keyValue for duplicate keys). */
  readonly extra: Document;

  constructor(codeName: ErrorCodeName, message: string, extra: Document = {}) {
    super(message);
    this.name = 'MongoCommandError';
    this.codeName = codeName;
    this.code = ErrorCodes[codeName];
    this.extra = extra;
  }

  /** Shape used inside `writeErrors` (index is added by the caller). */
  toWriteError(index: number): Document {
    return { index, code: this.code, errmsg: this.message, ...this.extra };
  }

  toReply(): Document {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }
}

/**
 * Normalizes anything thrown while running a command. mingo throws plain errors for bad
 * operators (the user's fault, so BadValue like mongod); anything else is our bug.
 */
export function toCommandError(err: unknown): MongoCommandError {
  if (err instanceof MongoCommandError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const isMingo = err instanceof Error && err.constructor.name === 'MingoError';
  return new MongoCommandError(isMingo ? 'BadValue' : 'InternalError', message);
}
