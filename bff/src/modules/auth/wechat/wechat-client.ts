import { AppError } from '../../../http/app-error';
import type { Logger } from '../../../infra/logger';

export interface WeChatSession {
  openid: string;
  unionid?: string;
}

interface Code2SessionBody {
  openid?: string;
  unionid?: string;
  session_key?: string;
  errcode?: number;
  errmsg?: string;
}

const BUSY = -1;

/**
 * WeChat's server API as the BFF uses it. `code2Session` trades a `wx.login` code for the user's
 * openid (and unionid). The session_key in the answer is dropped here: the BFF needs none of what it
 * decrypts, so it is neither stored, returned nor logged.
 */
export function createWeChatClient(options: {
  apiBase: string;
  appId: string;
  secret: string;
  logger: Logger;
  timeoutMs?: number;
}) {
  const timeoutMs = options.timeoutMs ?? 5000;

  async function callOnce(code: string): Promise<Code2SessionBody> {
    const url = new URL('/sns/jscode2session', options.apiBase);
    url.searchParams.set('appid', options.appId);
    url.searchParams.set('secret', options.secret);
    url.searchParams.set('js_code', code);
    url.searchParams.set('grant_type', 'authorization_code');
    let text: string;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      text = await res.text();
    } catch (err) {
      options.logger.warn({ wechatError: (err as Error).name }, 'WeChat code2Session: no answer');
      return { errcode: BUSY, errmsg: 'network' };
    }
    try {
      // WeChat answers text/plain: parse whatever the Content-Type says.
      return JSON.parse(text) as Code2SessionBody;
    } catch {
      options.logger.warn('WeChat code2Session: answer is not JSON');
      return { errcode: BUSY, errmsg: 'not json' };
    }
  }

  return {
    /** One retry when WeChat is busy (-1) or unreachable; every other errcode is final. */
    async code2Session(code: string): Promise<WeChatSession> {
      let body = await callOnce(code);
      if (body.errcode === BUSY) body = await callOnce(code);
      if (body.errcode === undefined || body.errcode === 0) {
        if (!body.openid) throw new AppError('WECHAT_UNAVAILABLE');
        return { openid: body.openid, ...(body.unionid ? { unionid: body.unionid } : {}) };
      }
      switch (body.errcode) {
        case 40029:
          throw new AppError('WECHAT_CODE_INVALID');
        case 40163:
          throw new AppError('WECHAT_CODE_USED');
        case 45011:
          throw new AppError('WECHAT_RATE_LIMITED', undefined, { retryAfterSeconds: 60 });
        case BUSY:
          throw new AppError('WECHAT_UNAVAILABLE');
        default:
          // Wrong appid/secret and the like: our configuration, not the user's fault.
          options.logger.error({ wechatErrcode: body.errcode }, 'WeChat code2Session refused the BFF');
          throw new AppError('WECHAT_UNAVAILABLE');
      }
    },

    /** Development only: a login code from the fake WeChat server, as wx.login would give. */
    async devLoginCode(userKey: string): Promise<string> {
      let res: Response;
      try {
        res = await fetch(new URL('/__fake/login-code', options.apiBase), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ userKey }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch {
        throw new AppError('WECHAT_UNAVAILABLE', '开发用微信模拟服务不可用');
      }
      const body = (await res.json().catch(() => ({}))) as { code?: string };
      if (!res.ok || !body.code) throw new AppError('WECHAT_UNAVAILABLE', '开发用微信模拟服务不可用');
      return body.code;
    },
  };
}
export type WeChatClient = ReturnType<typeof createWeChatClient>;
