import {
  CALENDAR_MAX_RANGE_DAYS,
  calendarQuerySchema,
  calendarResponseSchema,
  type CalendarResponse,
} from '@app/shared';
import type { Connection } from 'mongoose';
import { AppError } from '../../http/app-error';
import { route, type RouteDef } from '../../http/route-table';
import {
  createHallClosureRepository,
  type HallClosureRepository,
} from './repositories/hall-closure.repository';
import { CHINA_TIME_ZONE, calendarDaysBetween, compareDates } from './services/china-time';
import { closuresFrom, listDays } from './services/working-day-calendar';

/** What the routes need; AppDeps satisfies it. `hallClosures` replaces the MongoDB repository in tests. */
export interface CalendarRouteDeps {
  mongo: { connection: Connection };
  hallClosures?: Pick<HallClosureRepository, 'listInRange'>;
}

function rangeError(message: string): AppError {
  return new AppError('VALIDATION_FAILED', undefined, { fields: [{ path: 'query.to', message }] });
}

export function calendarRoutes(deps: CalendarRouteDeps): RouteDef[] {
  const hallClosures = deps.hallClosures ?? createHallClosureRepository(deps.mongo.connection);
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
        return {
          from,
          to,
          ...(hall ? { hall } : {}),
          timeZone: CHINA_TIME_ZONE,
          days: listDays(from, to, closures),
        };
      },
    }),
  ];
}
