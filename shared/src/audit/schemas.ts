import { z } from 'zod';
import { roleSchema } from '../auth/roles';
import { pageQuerySchema, pagedSchema } from '../common/pagination';

const dateTimeParam = z
  .string()
  .trim()
  .refine(
    (v) => !Number.isNaN(Date.parse(v)),
    '请使用 ISO 8601 日期或时间，如 2024-05-01 或 2024-05-01T08:00:00+08:00',
  )
  .transform((v) => new Date(v));

/** `GET /api/audit`: newest first; `actor` is a user id, `action` an exact action or a prefix ending in `*`. */
export const auditQuerySchema = pageQuerySchema
  .extend({
    actor: z
      .string()
      .regex(/^[a-f0-9]{24}$/, '操作人编号格式不正确')
      .optional(),
    action: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9._:/* -]{1,100}$/, '操作名称格式不正确')
      .optional(),
    /** 操作人: part of a staff member's name or user name (who did it). */
    who: z.string().trim().min(1, '请输入操作人姓名').max(30, '操作人姓名最多 30 个字').optional(),
    from: dateTimeParam.optional(),
    to: dateTimeParam.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: '结束时间不能早于开始时间' });

/** One audited write by staff, a supervisor or an admin. Summaries never hold personal data in clear. */
export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string(),
  actorRole: roleSchema,
  action: z.string(),
  method: z.string(),
  path: z.string(),
  target: z.string().optional(),
  before: z.record(z.string(), z.unknown()).optional(),
  after: z.record(z.string(), z.unknown()).optional(),
  status: z.number().int(),
  requestId: z.string().optional(),
  /** 操作 in Chinese (AUDIT_ACTION_LABELS, else the route's summary): never a code. */
  actionLabel: z.string(),
  /** 成功, or 未成功：<reason>. */
  outcome: z.string(),
  /** The staff member's name and department (name, not code), as the account says today. */
  actorName: z.string().optional(),
  actorDepartment: z.string().optional(),
  /** The record's human number: a case or complaint number, a booking code … (not a database id). */
  ref: z.string().optional(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export const auditListResponseSchema = pagedSchema(auditEntrySchema);
