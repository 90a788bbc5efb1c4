import type { FakeWeChatServer } from '@app/wechat-fake';
import type { AppConfig } from './config/config';
import type { Lifecycle } from './http/middleware/drain';
import type { Logger } from './infra/logger';
import type { MongoHandle } from './infra/mongo/connect-mongo';
import type { RedisHandle } from './infra/redis/connect-redis';

/**
 * What one running app is made of: parsed config, the logger and the connected stores. Modules take
 * this (or a `Pick` of it) as a parameter; it lives apart from `app.ts` so that modules never import
 * the file that imports them.
 */
export interface AppDeps {
  config: AppConfig;
  logger: Logger;
  mongo: MongoHandle;
  redis: RedisHandle;
  /** WeChat's API base (WECHAT_API_BASE, or the in-process fake outside production). */
  wechat: { apiBase: string; fake?: FakeWeChatServer };
  /** Draining on SIGTERM (http/middleware/drain.ts); createApp makes one when absent. */
  lifecycle?: Lifecycle;
}
