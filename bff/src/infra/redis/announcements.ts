import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import type { RedisHandle } from './connect-redis';

/**
 * A pub/sub channel (`<prefix><name>:changed`) that tells every BFF process about a change, so each
 * can keep something Redis holds in memory and drop it the moment it changes anywhere.
 *
 * What a process remembers on the strength of its announcements is only as good as its subscriber:
 * `listening()` is true only while the subscription is confirmed, and `onReset` runs whenever that
 * begins or ends (announcements sent meanwhile are lost), so callers forget everything then.
 */
export function createAnnouncements(
  redis: Pick<RedisHandle, 'client' | 'keyPrefix'>,
  name: string,
  handlers: { onMessage: (message: string) => void; onReset: () => void; logger?: Logger },
) {
  const channel = `${redis.keyPrefix}${name}:changed`;
  let subscriber: Redis | undefined;
  let listening = false;

  function reset(nowListening: boolean) {
    listening = nowListening;
    handlers.onReset();
  }

  return {
    /** Subscribes once, when the app's Redis client is connected (later calls do nothing). */
    listen(): void {
      if (subscriber || redis.client.status !== 'ready') return;
      const sub = redis.client.duplicate({ lazyConnect: false, enableOfflineQueue: true });
      subscriber = sub;
      sub.on('message', (_channel: string, message: string) => handlers.onMessage(message));
      sub.on('close', () => reset(false));
      sub.on('error', () => undefined); // not listening: callers ask Redis, as without memory
      // ioredis resubscribes by itself after a reconnect; subscribing again is harmless and says when.
      sub.on('ready', () => {
        reset(false);
        sub.subscribe(channel).then(
          () => reset(true),
          (err: unknown) => handlers.logger?.warn({ err }, `${name}: subscription failed`),
        );
      });
      // The subscriber lives as long as the app's Redis client: closing that closes this one too.
      redis.client.once('end', () => sub.disconnect());
    },
    listening: () => listening,
    async announce(message: string): Promise<void> {
      await redis.client.publish(channel, message);
    },
  };
}
