import { ERROR_CODES, type ErrorCode, type ErrorEnvelope } from '@app/shared';
import type { Context, Middleware } from 'koa';
import { ZodError } from 'zod';
import { AppError, validationError } from '../app-error';
import { STORE_RETRY_AFTER_SECONDS, storeUnavailable } from '../../infra/store-errors';

/** Errors raised by Koa's helpers and the body parser carry an HTTP status and `expose`. */
interface HttpLikeError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
  message?: string;
}

function fromHttpError(err: HttpLikeError): AppError | undefined {
  const status = err.status ?? err.statusCode;
  if (!status || status >= 500) return undefined;
  if (status === 413) return new AppError('PAYLOAD_TOO_LARGE');
  if (status === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE');
  if (status === 400 && (err.type === 'entity.parse.failed' || /JSON/i.test(err.message ?? ''))) {
    return new AppError('BAD_JSON');
  }
  if (status === 404) return new AppError('NOT_FOUND');
  if (status === 405) return new AppError('METHOD_NOT_ALLOWED');
  if (status === 401) return new AppError('UNAUTHENTICATED');
  if (status === 403) return new AppError('FORBIDDEN');
  if (status === 429) return new AppError('RATE_LIMITED');
  const code: ErrorCode = status === 409 ? 'CONFLICT' : 'VALIDATION_FAILED';
  return new AppError(code, ERROR_CODES[code].message);
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) return validationError(err);
  if (err && typeof err === 'object') {
    const mapped = fromHttpError(err as HttpLikeError);
    if (mapped) return mapped;
  }
  // Redis or MongoDB unreachable / too slow: the request was fine, try again shortly.
  if (storeUnavailable(err)) return new AppError('SERVICE_UNAVAILABLE');
  return new AppError('INTERNAL');
}

function writeEnvelope(ctx: Context, error: AppError, exposeStack: string | undefined) {
  const body: ErrorEnvelope = {
    error: { code: error.code, message: error.message, requestId: ctx.state.requestId },
  };
  const details = { ...(error.details ?? {}), ...(exposeStack ? { stack: exposeStack } : {}) };
  if (Object.keys(details).length > 0) body.error.details = details;
  ctx.status = error.status;
  ctx.body = body;
}

/**
 * Every failure leaves as the envelope, and so does a request nothing answered (a JSON 404, never
 * Koa's plain-text "Not Found"). Unexpected errors are logged with their stack and answered with a
 * generic 500; the stack reaches the client only in development.
 */
export function errorHandler(options: { exposeStack: boolean }): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw new AppError('ROUTE_NOT_FOUND', `接口不存在：${ctx.method} ${ctx.path}`);
      }
    } catch (err) {
      const appError = toAppError(err);
      if (appError.code === 'INTERNAL') {
        ctx.state.log?.error({ err }, 'unhandled error');
      }
      // A store outage (or a refusal to run unchecked without Redis): 503, retry in a few seconds.
      if (appError.code === 'SERVICE_UNAVAILABLE') {
        const store = storeUnavailable(err);
        if (store) ctx.state.log?.warn({ store, err: (err as Error).message }, 'store unavailable: 503');
        if (!ctx.response.get('Retry-After')) ctx.set('Retry-After', String(STORE_RETRY_AFTER_SECONDS));
      }
      const stack = options.exposeStack && appError.code === 'INTERNAL' ? (err as Error)?.stack : undefined;
      writeEnvelope(ctx, appError, stack);
    }
  };
}
