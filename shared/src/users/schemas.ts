import { z } from 'zod';
import { pageQuerySchema, pagedSchema } from '../common/pagination';
import { codeSchema as textCodeSchema, humanText } from '../common/text';
import { roleSchema, STAFF_DUTIES, staffDutySchema } from '../auth/roles';
import { MOBILE_PATTERN, idNumberProblem, normalizeIdNumber } from './personal-data';

export const idNumberSchema = z
  .string({ error: '请输入身份证号' })
  .trim()
  .transform(normalizeIdNumber)
  .superRefine((value, ctx) => {
    const problem = idNumberProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const mobileSchema = z
  .string({ error: '请输入手机号码' })
  .trim()
  .regex(MOBILE_PATTERN, '请输入 11 位大陆手机号码');

export const personNameSchema = humanText({ label: '姓名', max: 30, requiredMessage: '请输入姓名' });

/** `PUT /api/me/profile`: the real-name profile (实名信息) of a WeChat user. */
export const realNameProfileRequestSchema = z.object({
  name: personNameSchema,
  idNumber: idNumberSchema,
  phone: mobileSchema,
});
export type RealNameProfileRequest = z.infer<typeof realNameProfileRequestSchema>;

export const membershipRoleSchema = z.enum(['admin', 'member']);
/** `removed`: the person left or an admin removed them; it grants nothing, like `rejected`. */
export const membershipStatusSchema = z.enum(['pending', 'active', 'rejected', 'removed']);

export const myMembershipSchema = z.object({
  enterpriseId: z.string(),
  creditCode: z.string(),
  enterpriseName: z.string(),
  role: membershipRoleSchema,
  status: membershipStatusSchema,
  /** False while the enterprise's first admin waits for hall staff to check the business licence. */
  enterpriseVerified: z.boolean().optional(),
  /** The first admin of an unverified enterprise: whether the licence picture was uploaded. */
  licenceUploaded: z.boolean().optional(),
  /** Active admins: join requests waiting for them. */
  pendingRequests: z.number().int().optional(),
});
export type MyMembership = z.infer<typeof myMembershipSchema>;

/**
 * `GET /api/me`: the owner's own profile, the one place where the ID number and phone are shown in
 * full (the `masked` copies are there for display).
 */
export const meResponseSchema = z.object({
  id: z.string(),
  role: roleSchema,
  name: z.string().optional(),
  username: z.string().optional(),
  idNumber: z.string().optional(),
  idNumberMasked: z.string().optional(),
  phone: z.string().optional(),
  phoneMasked: z.string().optional(),
  realNameVerified: z.boolean(),
  department: z.string().optional(),
  halls: z.array(z.string()),
  duties: z.array(staffDutySchema),
  enterprises: z.array(myMembershipSchema),
});
export type MeResponse = z.infer<typeof meResponseSchema>;

/** A user as anybody but the owner sees them: personal data only masked. */
export const userSummarySchema = z.object({
  id: z.string(),
  role: roleSchema,
  status: z.enum(['active', 'disabled']),
  username: z.string().optional(),
  name: z.string().optional().describe('masked unless staff'),
  idNumberMasked: z.string().optional(),
  phoneMasked: z.string().optional(),
  department: z.string().optional(),
  halls: z.array(z.string()),
  duties: z.array(staffDutySchema),
  createdAt: z.string(),
});
export type UserSummary = z.infer<typeof userSummarySchema>;

export const usernameSchema = z
  .string({ error: '请输入用户名' })
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9._-]{2,31}$/, '用户名为 3–32 位字母、数字、点、下划线或连字符，以字母开头');

export const passwordSchema = z
  .string({ error: '请输入密码' })
  .min(10, '密码至少 10 位')
  .max(128, '密码最多 128 位')
  .refine((v) => /[A-Za-z]/.test(v) && /\d/.test(v), '密码须同时包含字母和数字');

const codeSchema = textCodeSchema('编码');

/** A staff account's duties (each at most once). */
const dutiesSchema = z
  .array(staffDutySchema)
  .max(STAFF_DUTIES.length)
  .refine((duties) => new Set(duties).size === duties.length, '岗位职责不能重复');

/** Accounts an admin may create: staff, supervisors and other admins (WeChat users sign up themselves). */
export const accountRoleSchema = z.enum(['staff', 'supervisor', 'admin']);

/** `POST /api/admin/users`. Staff need a department; halls are optional. */
export const createUserRequestSchema = z
  .object({
    role: accountRoleSchema,
    username: usernameSchema,
    password: passwordSchema,
    name: personNameSchema,
    department: codeSchema.optional(),
    halls: z.array(codeSchema).max(20, '最多 20 个大厅').default([]),
    duties: dutiesSchema.default([]),
  })
  .superRefine((v, ctx) => {
    if (v.role === 'staff' && !v.department) {
      ctx.addIssue({ code: 'custom', path: ['department'], message: '工作人员须指定所属部门' });
    }
    if (v.role !== 'staff' && v.duties.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['duties'], message: '只有工作人员可以设置岗位职责' });
    }
  });
export type CreateUserRequest = z.infer<typeof createUserRequestSchema>;

/** `PATCH /api/admin/users/:id`: role, department, halls or status; a change ends the user's sessions. */
export const updateUserRequestSchema = z
  .object({
    role: roleSchema.optional(),
    department: codeSchema.nullable().optional(),
    halls: z.array(codeSchema).max(20, '最多 20 个大厅').optional(),
    duties: dutiesSchema.optional(),
    status: z.enum(['active', 'disabled']).optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), '请至少修改一项');
export type UpdateUserRequest = z.infer<typeof updateUserRequestSchema>;

export const userIdParamsSchema = z.object({
  id: z.string().regex(/^[a-f0-9]{24}$/, '用户编号格式不正确'),
});

export const userListQuerySchema = pageQuerySchema.extend({
  role: roleSchema.optional(),
  department: codeSchema.optional(),
});
export const userListResponseSchema = pagedSchema(userSummarySchema);

/**
 * A person's full name and the last 4 characters of the ID number, revealed to the staff member
 * dealing with them to verify the person at the window (a case's applicant, a booking's person).
 * Shown behind an explicit tap; every reveal is audited; lists stay masked.
 */
export const revealedIdentitySchema = z.object({
  name: z.string(),
  /** The last 4 characters of the ID number (with the check character), when one is on file. */
  idNumberLast4: z.string().optional(),
});
export type RevealedIdentity = z.infer<typeof revealedIdentitySchema>;
