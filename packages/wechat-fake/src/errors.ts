import { randomBytes } from 'node:crypto';

/** WeChat's error codes used by the fake, with the message text WeChat sends (before its ` rid: ...` suffix). */
export const WX_ERRORS: Readonly<Record<number, string>> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40013: 'invalid appid',
  40029: 'invalid code',
  40037: 'invalid template_id',
  40066: 'invalid url',
  40125: 'invalid appsecret',
  40163: 'code been used',
  40226: 'high risk user',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41008: 'missing code',
  41030: 'invalid page',
  42001: 'access_token expired',
  43001: 'require GET method',
  43002: 'require POST method',
  43101: 'user refuse to accept the msg',
  43107: 'subscribe message capability banned',
  43108: 'concurrent send to the same user',
  44002: 'empty post data',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit, mustslower retry next minute',
  45168: 'message content contains sensitive words',
  47001: 'data format error',
  47003: 'argument invalid!',
};

/** The JSON body WeChat sends for a failed call. */
export interface WxErrorBody {
  errcode: number;
  errmsg: string;
}

/** WeChat appends a request id to every error message, e.g. `invalid code, rid: 66a0f3ec-1f1b8d2b-4f1e7a3c`. */
function rid(): string {
  const hex = randomBytes(12).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 16)}-${hex.slice(16, 24)}`;
}

/** Builds an error body; `detail` is appended to the standard text (e.g. `data.thing1.value exceeds limit`). */
export function wxError(errcode: number, detail?: string, errmsg?: string): WxErrorBody {
  const base = errmsg ?? WX_ERRORS[errcode] ?? 'error';
  const text = detail ? `${base} ${detail}` : base;
  return { errcode, errmsg: `${text}, rid: ${rid()}` };
}
