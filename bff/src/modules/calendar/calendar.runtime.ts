import type { AppDeps } from '../../app-deps';
import { createHolidayNoticeRepository } from './repositories/holiday-notice.repository';
import { createHolidayNoticeService, type HolidayNoticeService } from './services/holiday-notice.service';

/** Redis channel on which an import tells every BFF process to reload the notices. */
export function noticeChannel(redis: Pick<AppDeps['redis'], 'keyPrefix'>): string {
  return `${redis.keyPrefix}calendar:notices:changed`;
}

/** The notice service of an app (or a CLI): imports announce themselves on the Redis channel. */
export function holidayNoticesOf(deps: {
  mongo: Pick<AppDeps['mongo'], 'connection'>;
  redis: AppDeps['redis'];
}): HolidayNoticeService {
  return createHolidayNoticeService({
    repo: createHolidayNoticeRepository(deps.mongo.connection),
    announce: async () => {
      await deps.redis.client.publish(noticeChannel(deps.redis), String(Date.now()));
    },
  });
}

/**
 * Start-up: loads the stored notices into memory before the server listens, and reloads them when
 * an import (admin route or `npm run calendar:import`, in any process) announces one. The working-day
 * functions then never touch MongoDB.
 */
export async function startHolidayNotices(deps: Pick<AppDeps, 'mongo' | 'redis' | 'logger'>) {
  const service = holidayNoticesOf(deps);
  const count = await service.load();
  deps.logger.info({ notices: count }, 'calendar: holiday notices loaded');
  const sub = deps.redis.client.duplicate({ lazyConnect: false, enableOfflineQueue: true });
  sub.on('error', () => undefined);
  sub.on('message', () => {
    service.load().catch((err: unknown) => deps.logger.warn({ err }, 'calendar: reloading notices failed'));
  });
  await sub
    .subscribe(noticeChannel(deps.redis))
    .catch((err: unknown) => deps.logger.warn({ err }, 'calendar: notice subscription failed'));
  return {
    async close() {
      sub.disconnect();
    },
  };
}
