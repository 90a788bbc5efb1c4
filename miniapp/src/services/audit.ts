import { auditListResponseSchema } from '@app/shared';
import type { z } from 'zod';
import { apiRequest } from './api-client';

export type AuditPage = z.infer<typeof auditListResponseSchema>;

export interface AuditFilters {
  action?: string;
  actor?: string;
  /** 操作人: part of the staff member's name. */
  who?: string;
  /** ISO 8601 date or date-time, as the query schema takes it. */
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

/** `GET /api/audit` (supervisors): newest first. */
export function listAudit(filters: AuditFilters): Promise<AuditPage> {
  return apiRequest({
    path: '/api/audit',
    schema: auditListResponseSchema,
    query: {
      action: filters.action?.trim(),
      actor: filters.actor?.trim(),
      who: filters.who?.trim() || undefined,
      from: filters.from?.trim(),
      to: filters.to?.trim(),
      page: filters.page,
      pageSize: filters.pageSize,
    },
  });
}
