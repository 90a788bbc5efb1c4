import {
  CALENDAR_MAX_RANGE_DAYS,
  calendarQuerySchema,
  calendarResponseSchema,
  holidayNoticeImportResponseSchema,
  holidayNoticeImportSchema,
  holidayNoticeListResponseSchema,
  type CalendarResponse,
} from '@app/shared';
import type { Connection } from 'mongoose';
import { AppError } from '../../http/app-error';
import { route, type RouteDef } from '../../http/route-table';
import type { RedisHandle } from '../../infra/redis/connect-redis';
import { noteAudit } from '../audit/services/audit.service';
import { holidayNoticesOf } from './calendar.runtime';
import {
  createHallClosureRepository,
  type HallClosureRepository,
} from './repositories/hall-closure.repository';
import { CHINA_TIME_ZONE, calendarDaysBetween, compareDates } from './services/china-time';
import { holidayNoticeStatus } from './services/notice-status';
import {
  PROVISIONAL_DAY_NOTE,
  closuresFrom,
  listDays,
  statutoryDataCoverage,
} from './services/working-day-calendar';

/** What the routes need; AppDeps satisfies it. `hallClosures` replaces the MongoDB repository in tests. */
export interface CalendarRouteDeps {
  mongo: { connection: Connection };
  redis: RedisHandle;
  hallClosures?: Pick<HallClosureRepository, 'listInRange'>;
}

function rangeError(message: string): AppError {
  return new AppError('VALIDATION_FAILED', undefined, { fields: [{ path: 'query.to', message }] });
}

export function calendarRoutes(deps: CalendarRouteDeps): RouteDef[] {
  const hallClosures = deps.hallClosures ?? createHallClosureRepository(deps.mongo.connection);
  const notices = holidayNoticesOf(deps);
  return [
    route({
      method: 'get',
      path: '/api/calendar',
      summary: `工作日历：from 至 to（含两端，最多 ${CALENDAR_MAX_RANGE_DAYS} 天）每天是工作日、周末、法定节假日、调休上班日还是大厅闭厅日（北京时间）`,
      tag: 'calendar',
      policy: { access: 'public' },
      request: { query: calendarQuerySchema },
      response: calendarResponseSchema,
      errors: ['VALIDATION_FAILED'],
      handler: async ({ query }): Promise<CalendarResponse> => {
        const { from, to, hall } = query;
        if (compareDates(from, to) > 0) throw rangeError('结束日期不能早于开始日期');
        if (calendarDaysBetween(from, to) + 1 > CALENDAR_MAX_RANGE_DAYS) {
          throw rangeError(`查询范围最多 ${CALENDAR_MAX_RANGE_DAYS} 天`);
        }
        const closures = hall ? closuresFrom(await hallClosures.listInRange(hall, from, to)) : undefined;
        const days = listDays(from, to, closures);
        const provisional = days.some((d) => d.provisional);
        return {
          from,
          to,
          ...(hall ? { hall } : {}),
          timeZone: CHINA_TIME_ZONE,
          days,
          ...(provisional ? { provisional: true, note: PROVISIONAL_DAY_NOTE } : {}),
        };
      },
    }),
    route({
      method: 'get',
      path: '/api/admin/calendar/notices',
      summary:
        '已导入的年度节假日安排通知、内置数据覆盖的年份、尚属“预计”的年份，以及（每年 11 月 1 日起）下一年度通知未导入的提醒',
      tag: 'calendar',
      policy: { access: 'signed-in', roles: ['admin', 'supervisor'] },
      response: holidayNoticeListResponseSchema,
      handler: async () => {
        const status = holidayNoticeStatus();
        return {
          items: await notices.list(),
          packageCoverage: statutoryDataCoverage(),
          provisionalYears: status.provisionalYears,
          ...(status.warning ? { warning: status.warning } : {}),
        };
      },
    }),
    route({
      method: 'post',
      path: '/api/admin/calendar/notices',
      summary:
        '管理员导入某年度的国务院节假日安排通知（放假日与调休上班日），替换该年度已导入的通知；优先于内置数据和按法律推算的节假日',
      tag: 'calendar',
      policy: { access: 'signed-in', roles: ['admin'] },
      request: { body: holidayNoticeImportSchema },
      response: holidayNoticeImportResponseSchema,
      errors: ['VALIDATION_FAILED'],
      handler: async ({ body, auth, ctx }) => {
        const result = await notices.importNotice(body, auth!.userId);
        noteAudit(ctx, {
          action: 'calendar.notice.import',
          target: String(result.notice.year),
          ...(result.replaced ? { before: { ...result.replaced } } : {}),
          after: { ...result.notice },
        });
        return result;
      },
    }),
  ];
}
