// The calendar module's public surface: other modules import from here, not from its files.
export { calendarRoutes, type CalendarRouteDeps } from './calendar.routes';
export {
  registerCalendarModels,
  hallClosureModel,
  type HallClosureRecord,
} from './models/hall-closure.model';
export {
  createHallClosureRepository,
  type HallClosure,
  type HallClosureRepository,
} from './repositories/hall-closure.repository';
export * from './services/china-time';
export * from './services/working-day-calendar';
export { processingWorkingDays } from './services/processing-days';
export { holidayNoticesOf, startHolidayNotices } from './calendar.runtime';
export { holidayNoticeStatus, type HolidayNoticeStatus } from './services/notice-status';
export { parseNoticeFile, checkNotice } from './services/notice-file';
export { setHolidayNotices, clearHolidayNotices, hasNoticeFor } from './services/holiday-notices';
export { statutoryHolidaysOf, bridgeRiskDaysOf } from './services/statutory-days';
