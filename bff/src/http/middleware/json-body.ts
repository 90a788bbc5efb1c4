import zlib from 'node:zlib';
import type { Readable } from 'node:stream';
import type { Context, Middleware } from 'koa';
import { AppError } from '../app-error';

// The parsed body lives on ctx.request.body, as every Koa body parser puts it.
declare module 'koa' {
  interface Request {
    body?: unknown;
  }
}

/**
 * The JSON request body, read before authentication on every path. Every way a body can be wrong
 * answers 4xx with the envelope and at most a warning in the log, never the 500 path:
 * - `Content-Encoding` gzip / deflate / br that does not decompress → 400 BODY_DECODE_FAILED;
 *   any other encoding → 415 UNSUPPORTED_CONTENT_ENCODING;
 * - bytes that are not valid UTF-8 → 400 BODY_NOT_UTF8 (never silently replaced with U+FFFD);
 * - text that is not JSON, or not an object / array, or has a `__proto__` key → 400 BAD_JSON;
 * - more than `limit` bytes once decompressed → 413 PAYLOAD_TOO_LARGE.
 * Other content types are left to their routes (multipart uploads read the stream themselves).
 */
export function jsonBody(options: { limit: string }): Middleware {
  const limit = toBytes(options.limit);
  return async (ctx, next) => {
    if (!PARSED_METHODS.has(ctx.method) || ctx.request.body !== undefined) return next();
    if (!ctx.request.is('json', '+json', 'application/csp-report')) {
      ctx.request.body = {};
      return next();
    }
    const charset = ctx.request.charset;
    if (charset && charset.toLowerCase().replace('-', '') !== 'utf8')
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'JSON 请求内容须为 UTF-8 编码');
    const bytes = await readBody(ctx, limit);
    const text = decodeUtf8(ctx, bytes);
    ctx.request.body = parseJson(text);
    (ctx.request as { rawBody?: string }).rawBody = text;
    return next();
  };
}

const PARSED_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const FATAL_UTF8 = new TextDecoder('utf-8', { fatal: true });

function toBytes(limit: string): number {
  const match = /^(\d+)(kb|mb)$/i.exec(limit);
  if (!match) throw new Error(`body limit must look like 100kb or 1mb: ${limit}`);
  return Number(match[1]) * (match[2].toLowerCase() === 'mb' ? 1024 * 1024 : 1024);
}

function decompressor(encoding: string): zlib.Gunzip | zlib.BrotliDecompress | undefined {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
    case 'deflate':
      return zlib.createUnzip(); // gzip or zlib-wrapped deflate, detected from the header
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return undefined;
  }
}

function warn(ctx: Context, problem: string, err?: unknown) {
  ctx.state.log?.warn(
    { problem, encoding: ctx.get('content-encoding') || 'identity', err: (err as Error)?.message },
    'request body refused',
  );
}

/** The body's bytes, decompressed, at most `limit` of them. */
async function readBody(ctx: Context, limit: number): Promise<Buffer> {
  const encoding = (ctx.get('content-encoding') || 'identity').trim().toLowerCase();
  const declared = Number(ctx.get('content-length') || 0);
  if (encoding === 'identity' && declared > limit) {
    ctx.req.resume();
    throw new AppError('PAYLOAD_TOO_LARGE');
  }
  let source: Readable = ctx.req;
  if (encoding !== 'identity') {
    const inflate = decompressor(encoding);
    if (!inflate) {
      warn(ctx, 'unsupported content-encoding');
      ctx.req.resume();
      throw new AppError('UNSUPPORTED_CONTENT_ENCODING', `不支持的内容编码：${encoding.slice(0, 40)}`);
    }
    // An error of the compressed stream (corrupt data) surfaces on `inflate`; the socket's own
    // errors (client hung up) are caught below through the same promise.
    ctx.req.on('error', (err) => inflate.destroy(err));
    source = ctx.req.pipe(inflate);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) {
        source.destroy();
        ctx.req.resume();
        throw new AppError('PAYLOAD_TOO_LARGE');
      }
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (encoding !== 'identity') {
      warn(ctx, 'corrupt compressed body', err);
      ctx.req.resume();
      throw new AppError('BODY_DECODE_FAILED');
    }
    warn(ctx, 'body could not be read', err);
    throw new AppError('VALIDATION_FAILED', '请求内容不完整');
  }
  return Buffer.concat(chunks, size);
}

function decodeUtf8(ctx: Context, bytes: Buffer): string {
  try {
    return FATAL_UTF8.decode(bytes); // also drops a leading BOM
  } catch (err) {
    warn(ctx, 'invalid utf-8', err);
    throw new AppError('BODY_NOT_UTF8');
  }
}

const STRICT_START = /^[ \t\n\r]*[[{]/;
const PROTO_KEY = (key: string, value: unknown) => {
  if (key === '__proto__') throw new AppError('BAD_JSON', '请求内容包含不允许的字段名 __proto__');
  return value;
};

function parseJson(text: string): unknown {
  if (text.trim() === '') return {};
  if (!STRICT_START.test(text)) throw new AppError('BAD_JSON', '请求内容须为 JSON 对象或数组');
  try {
    // The reviver (slower) only when a `__proto__` key could be there, written plainly or escaped.
    return text.includes('proto') || text.includes('\\u') ? JSON.parse(text, PROTO_KEY) : JSON.parse(text);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('BAD_JSON');
  }
}
