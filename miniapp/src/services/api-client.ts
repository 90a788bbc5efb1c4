import Taro from '@tarojs/taro';
import { ERROR_CODES, errorEnvelopeSchema, type FieldIssue } from '@app/shared';
import type { z } from 'zod';

export const NETWORK_ERROR_MESSAGE = '网络异常，请检查网络后重试';
export const BAD_RESPONSE_MESSAGE = '服务返回的数据有误，请稍后重试';
const REQUEST_TIMEOUT_MS = 15_000;
const DEFAULT_MINI_BASE_URL = 'http://127.0.0.1:3000';

/** A failure the user can read: `message` is Chinese and ready to show; `code` is the stable machine code. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly fields?: FieldIssue[];
  readonly requestId?: string;
  /** The envelope's other details, e.g. `lockedUntil` / `retryAfterSeconds` of ACCOUNT_LOCKED, RATE_LIMITED. */
  readonly details?: Record<string, unknown>;

  constructor(
    code: string,
    message: string,
    status = 0,
    extra: { fields?: FieldIssue[]; requestId?: string; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.fields = extra.fields;
    this.requestId = extra.requestId;
    this.details = extra.details;
  }
}

/** The Chinese sentence for any thrown value (pages show it inline or in a toast). */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return ERROR_CODES.INTERNAL.message;
}

/**
 * Where the API lives. H5 is served by the BFF itself, so it calls its own origin ('' + '/api/...').
 * The mini-program needs an absolute URL, fixed at build time (config `defineConstants.API_BASE_URL`).
 */
export function getBaseUrl(): string {
  if (process.env.TARO_ENV === 'h5') return '';
  return typeof API_BASE_URL === 'string' && API_BASE_URL
    ? API_BASE_URL.replace(/\/+$/, '')
    : DEFAULT_MINI_BASE_URL;
}

type HeaderProvider = () => Record<string, string> | undefined;
let authHeaderProvider: HeaderProvider = () => undefined;

/** Supplies e.g. `{ Authorization: 'Bearer …' }` for every request (services/session.ts installs it). */
export function setAuthHeaderProvider(provider: HeaderProvider): void {
  authHeaderProvider = provider;
}

/**
 * Called when a request that carried the auth hook's headers answers 401 UNAUTHENTICATED: resolve true
 * when the request should be sent once more (session refreshed or renewed), false to let the error through.
 * `sentHeader` is what the failed request carried, so a handler can tell a stale token from a dead session.
 */
export type UnauthorizedHandler = (info: {
  error: ApiError;
  sentHeader: Record<string, string>;
}) => Promise<boolean>;
let unauthorizedHandler: UnauthorizedHandler | undefined;

export function setUnauthorizedHandler(handler: UnauthorizedHandler | undefined): void {
  unauthorizedHandler = handler;
}

export type QueryValue = string | number | boolean | undefined | null;

/** `?a=1&b=x` from defined, non-empty values, in insertion order. */
export function buildQuery(query: Record<string, QueryValue> = {}): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

export interface RequestOptions<S extends z.ZodType> {
  path: string;
  schema: S;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, QueryValue>;
  data?: unknown;
  /** false: no auth header and no refresh-and-retry on 401 (login, refresh and dev-code calls). */
  auth?: boolean;
  /** false: send the auth header but let a 401 through (logout). Defaults to `auth`. */
  retry?: boolean;
  /** Extra request headers, e.g. `Idempotency-Key` (sent again unchanged on the 401 retry). */
  headers?: Record<string, string>;
}

function toApiError(status: number, body: unknown): ApiError {
  const envelope = errorEnvelopeSchema.safeParse(body);
  if (envelope.success) {
    const { code, message, details, requestId } = envelope.data.error;
    const { fields, ...rest } = details ?? {};
    return new ApiError(code, message, status, {
      fields,
      requestId,
      details: Object.keys(rest).length ? rest : undefined,
    });
  }
  if (status === 404) return new ApiError('NOT_FOUND', ERROR_CODES.NOT_FOUND.message, status);
  if (status >= 500)
    return new ApiError('SERVICE_UNAVAILABLE', ERROR_CODES.SERVICE_UNAVAILABLE.message, status);
  return new ApiError('HTTP_ERROR', ERROR_CODES.INTERNAL.message, status);
}

/**
 * One typed call: sends, maps the error envelope to ApiError, validates the body with the shared schema.
 * A 401 UNAUTHENTICATED goes to the unauthorized handler (refresh / silent login) and is retried once.
 */
export async function apiRequest<S extends z.ZodType>(options: RequestOptions<S>): Promise<z.output<S>> {
  const withAuth = options.auth !== false;
  const retry = options.retry ?? withAuth;
  const sentHeader = withAuth ? (authHeaderProvider() ?? {}) : {};
  try {
    return await send(options, sentHeader);
  } catch (err) {
    if (
      !retry ||
      !unauthorizedHandler ||
      !(err instanceof ApiError) ||
      err.status !== 401 ||
      err.code !== 'UNAUTHENTICATED'
    ) {
      throw err;
    }
    if (!(await unauthorizedHandler({ error: err, sentHeader }))) throw err;
    return send(options, authHeaderProvider() ?? {});
  }
}

async function send<S extends z.ZodType>(
  options: RequestOptions<S>,
  authHeader: Record<string, string>,
): Promise<z.output<S>> {
  const { path, schema, method = 'GET', query, data, headers } = options;
  const header: Record<string, string> = { Accept: 'application/json', ...headers, ...authHeader };
  if (data !== undefined) header['Content-Type'] = 'application/json';

  let res: { statusCode: number; data: unknown };
  try {
    res = await Taro.request({
      url: `${getBaseUrl()}${path}${buildQuery(query)}`,
      method,
      data: data as Taro.request.Option['data'],
      header,
      dataType: 'json',
      timeout: REQUEST_TIMEOUT_MS,
    });
  } catch {
    throw new ApiError('NETWORK_ERROR', NETWORK_ERROR_MESSAGE);
  }

  const status = res.statusCode;
  if (status < 200 || status >= 300) throw toApiError(status, res.data);

  const parsed = schema.safeParse(res.data);
  if (!parsed.success) throw new ApiError('BAD_RESPONSE', BAD_RESPONSE_MESSAGE, status);
  return parsed.data;
}
