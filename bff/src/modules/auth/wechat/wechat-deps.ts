import { FakeWeChatServer } from '@app/wechat-fake';
import type { AppConfig } from '../../../config/config';

/** Where the BFF reaches WeChat; `fake` is set when the BFF started the local stand-in itself. */
export interface WeChatDeps {
  apiBase: string;
  fake?: FakeWeChatServer;
  close(): Promise<void>;
}

/**
 * WECHAT_API_BASE when set; otherwise, outside production, a fake WeChat server in this process
 * (with the configured appid and secret), so `npm start` and the tests log in without WeChat.
 */
export async function startWeChat(config: AppConfig): Promise<WeChatDeps> {
  if (config.wechat.apiBase) return { apiBase: config.wechat.apiBase, close: async () => {} };
  if (config.isProduction) throw new Error('WECHAT_API_BASE must be set in production');
  const fake = await FakeWeChatServer.start({
    port: 0,
    appId: config.wechat.appId,
    secret: config.wechat.secret,
  });
  return { apiBase: fake.url, fake, close: () => fake.stop() };
}
