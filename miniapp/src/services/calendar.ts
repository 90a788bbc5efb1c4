import { holidayNoticeListResponseSchema, type HolidayNoticeListResponse } from '@app/shared';
import { apiRequest } from './api-client';

/** `GET /api/admin/calendar/notices` (admins, supervisors): loaded notices and the missing-notice warning. */
export function getHolidayNotices(): Promise<HolidayNoticeListResponse> {
  return apiRequest({ path: '/api/admin/calendar/notices', schema: holidayNoticeListResponseSchema });
}
