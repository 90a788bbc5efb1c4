import { workbenchCountsSchema, type WorkbenchCounts } from '@app/shared';
import { apiRequest } from './api-client';

/** `GET /api/staff/workbench/counts`: what waits for the signed-in staff member (tile badges). */
export function getWorkbenchCounts(): Promise<WorkbenchCounts> {
  return apiRequest({ path: '/api/staff/workbench/counts', schema: workbenchCountsSchema });
}
