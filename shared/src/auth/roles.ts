import { z } from 'zod';

/**
 * Who a signed-in person is to the system. A WeChat user starts as `citizen` and becomes `enterprise`
 * once an enterprise membership of theirs is active; `staff`, `supervisor` and `admin` are accounts
 * with a username and password, created by an admin or by `npm run user:create`.
 */
export const ROLES = ['citizen', 'enterprise', 'staff', 'supervisor', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** Roles whose writes are audited. */
export const STAFF_ROLES = ['staff', 'supervisor', 'admin'] as const satisfies readonly Role[];
/** Roles that sign in through WeChat. */
export const WECHAT_ROLES = ['citizen', 'enterprise'] as const satisfies readonly Role[];

/**
 * Duties a staff account may carry on top of its department (set by admins and `npm run user:create`):
 * - `consultation_desk`: the hall's 综合咨询窗口 — answers consultations that name no department;
 * - `complaint_dispatch`: 派单 at the service centre — accepts complaints and hands them to departments;
 * - `complaint_handling`: 承办 — handles their department's complaints and writes the reply;
 * - `complaint_followup`: 回访 — calls people back after a reply and records their verdict.
 */
export const STAFF_DUTIES = [
  'consultation_desk',
  'complaint_dispatch',
  'complaint_handling',
  'complaint_followup',
] as const;
export const staffDutySchema = z.enum(STAFF_DUTIES, { error: '未知的岗位职责' });
export type StaffDuty = z.infer<typeof staffDutySchema>;

export const STAFF_DUTY_LABELS: Record<StaffDuty, string> = {
  consultation_desk: '综合咨询',
  complaint_dispatch: '投诉派单',
  complaint_handling: '投诉承办',
  complaint_followup: '投诉回访',
};

export const ROLE_LABELS: Record<Role, string> = {
  citizen: '群众',
  enterprise: '企业用户',
  staff: '工作人员',
  supervisor: '督查人员',
  admin: '管理员',
};
