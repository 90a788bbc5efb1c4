import type { RedisHandle } from '../../infra/redis/connect-redis';

/**
 * WeChat subscribe messages (订阅消息) through `POST /cgi-bin/message/subscribe/send`, with the
 * stable access token (`POST /cgi-bin/stable_token`) cached in Redis until shortly before it expires
 * and refreshed when WeChat answers 40001 (invalid) or 42001 (expired). Shared by every module that
 * notifies people; the Redis key is the same for all of them, so one token serves the whole BFF.
 */

export interface SubscribeMessage {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogram_state?: 'developer' | 'trial' | 'formal';
  lang?: 'zh_CN';
}

/** `sent`; `refused`: the person declined this template (43101) — do not retry. */
export type SendOutcome = 'sent' | 'refused';

/** A failure worth retrying later (WeChat busy, network, token trouble). */
export class SubscribeSendError extends Error {
  constructor(
    message: string,
    readonly errcode?: number,
  ) {
    super(message);
    this.name = 'SubscribeSendError';
  }
}

interface WeChatAnswer {
  errcode?: number;
  errmsg?: string;
  access_token?: string;
  expires_in?: number;
  msgid?: number;
}

async function postJson(url: URL, body: unknown, timeoutMs: number): Promise<WeChatAnswer> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new SubscribeSendError(`WeChat unreachable: ${(err as Error).message}`);
  }
  const text = await res.text();
  try {
    return JSON.parse(text) as WeChatAnswer;
  } catch {
    throw new SubscribeSendError(`WeChat answered HTTP ${res.status} without JSON`);
  }
}

export const TOKEN_INVALID_CODES = new Set([40001, 42001]);
export const REFUSED_CODE = 43101;

export interface SubscribeSenderDeps {
  apiBase: string;
  wechat: { appId: string; secret: string };
  redis: RedisHandle;
  timeoutMs?: number;
}

export function createSubscribeSender(deps: SubscribeSenderDeps) {
  const tokenKey = `${deps.redis.keyPrefix}wechat:stable-token`;
  const timeoutMs = deps.timeoutMs ?? 5000;

  async function token(forceRefresh: boolean): Promise<string> {
    if (!forceRefresh) {
      const cached = await deps.redis.client.get(tokenKey);
      if (cached) return cached;
    }
    const answer = await postJson(
      new URL('/cgi-bin/stable_token', deps.apiBase),
      {
        grant_type: 'client_credential',
        appid: deps.wechat.appId,
        secret: deps.wechat.secret,
        force_refresh: forceRefresh,
      },
      timeoutMs,
    );
    if (!answer.access_token) {
      throw new SubscribeSendError(`stable_token refused: ${answer.errcode}`, answer.errcode);
    }
    const ttl = Math.max(60, (answer.expires_in ?? 7200) - 300);
    await deps.redis.client.set(tokenKey, answer.access_token, 'EX', ttl);
    return answer.access_token;
  }

  return {
    token,
    /** Sends once (refreshing the token once if WeChat says it is stale); throws SubscribeSendError to retry. */
    async send(message: SubscribeMessage): Promise<SendOutcome> {
      for (let attempt = 0; attempt < 2; attempt++) {
        const url = new URL('/cgi-bin/message/subscribe/send', deps.apiBase);
        url.searchParams.set('access_token', await token(attempt > 0));
        const answer = await postJson(url, message, timeoutMs);
        if (!answer.errcode) return 'sent';
        if (answer.errcode === REFUSED_CODE) return 'refused';
        if (TOKEN_INVALID_CODES.has(answer.errcode)) continue;
        throw new SubscribeSendError(
          `subscribe send failed: ${answer.errcode} ${answer.errmsg ?? ''}`.trim(),
          answer.errcode,
        );
      }
      throw new SubscribeSendError('subscribe send failed: access token refused twice');
    },
  };
}
export type SubscribeSender = ReturnType<typeof createSubscribeSender>;

/** WeChat's `thing` fields take at most 20 characters. */
export function clip(text: string, max = 20): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
