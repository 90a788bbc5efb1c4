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

export const ROLE_LABELS: Record<Role, string> = {
  citizen: '群众',
  enterprise: '企业用户',
  staff: '工作人员',
  supervisor: '督查人员',
  admin: '管理员',
};
