import { z } from 'zod';
import { humanText } from '../common/text';
import { membershipRoleSchema, membershipStatusSchema, myMembershipSchema } from '../users/schemas';
import { creditCodeProblem, normalizeCreditCode } from './credit-code';

export const creditCodeSchema = z
  .string()
  .trim()
  .transform(normalizeCreditCode)
  .superRefine((value, ctx) => {
    const problem = creditCodeProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/**
 * `POST /api/enterprises/bind`: the first person to bind a company becomes its admin member; later
 * ones wait (`pending`) until the admin approves them.
 */
export const bindEnterpriseRequestSchema = z.object({
  creditCode: creditCodeSchema,
  name: humanText({ label: '企业名称', min: 2, max: 100, requiredMessage: '请输入企业名称' }),
});
export type BindEnterpriseRequest = z.infer<typeof bindEnterpriseRequestSchema>;
export const bindEnterpriseResponseSchema = myMembershipSchema;

export const enterpriseIdParamsSchema = z.object({
  id: z.string().regex(/^[a-f0-9]{24}$/, '企业编号格式不正确'),
});
export const enterpriseMemberParamsSchema = enterpriseIdParamsSchema.extend({
  userId: z.string().regex(/^[a-f0-9]{24}$/, '成员编号格式不正确'),
});

/** A member as other members see them: masked name and phone. */
export const enterpriseMemberSchema = z.object({
  userId: z.string(),
  nameMasked: z.string().optional(),
  phoneMasked: z.string().optional(),
  role: membershipRoleSchema,
  status: membershipStatusSchema,
  requestedAt: z.string(),
});
export type EnterpriseMember = z.infer<typeof enterpriseMemberSchema>;

export const enterpriseDetailSchema = z.object({
  id: z.string(),
  creditCode: z.string(),
  name: z.string(),
  /** False until hall staff verified the first admin's business licence. */
  verified: z.boolean(),
  members: z.array(enterpriseMemberSchema),
});
export type EnterpriseDetail = z.infer<typeof enterpriseDetailSchema>;

export const myEnterprisesResponseSchema = z.object({ items: z.array(myMembershipSchema) });
export const memberDecisionResponseSchema = enterpriseMemberSchema;

// ---------- issue 19: members who leave, admins who hand over, the enterprise's cases ----------

/** `POST /api/enterprises/:id/admins`: `handover` makes the member the admin and the caller a member; `share` adds an admin. */
export const enterpriseAdminsRequestSchema = z
  .object({
    userId: z.string().regex(/^[a-f0-9]{24}$/, '成员编号格式不正确'),
    mode: z.enum(['handover', 'share']),
  })
  .strict();
export type EnterpriseAdminsRequest = z.infer<typeof enterpriseAdminsRequestSchema>;

export const enterpriseAdminsResponseSchema = z.object({ members: z.array(enterpriseMemberSchema) });
export const leaveEnterpriseResponseSchema = z.object({ left: z.literal(true) });
export const removeMemberResponseSchema = enterpriseMemberSchema;

// ---------- issue 15.4: the first admin is verified by hall staff from the business licence ----------

export const enterpriseLicenceViewSchema = z.object({
  fileId: z.string(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  uploadedAt: z.string(),
  /** `GET /api/enterprises/:id/licence`: the claimant, hall staff while pending, supervisors, admins. */
  url: z.string(),
});

/** An enterprise waiting for its first admin to be verified (the staff queue 企业认证). */
export const enterpriseClaimSchema = z.object({
  enterpriseId: z.string(),
  creditCode: z.string(),
  name: z.string(),
  claimantNameMasked: z.string().optional(),
  claimantPhoneMasked: z.string().optional(),
  requestedAt: z.string(),
  licence: enterpriseLicenceViewSchema.optional(),
});
export type EnterpriseClaim = z.infer<typeof enterpriseClaimSchema>;
export const enterpriseClaimListSchema = z.object({ items: z.array(enterpriseClaimSchema) });

export const verifyEnterpriseRequestSchema = z
  .object({
    decision: z.enum(['approve', 'reject']),
    note: z.string().trim().max(200, '备注最多 200 字').optional(),
  })
  .strict();
export type VerifyEnterpriseRequest = z.infer<typeof verifyEnterpriseRequestSchema>;
export const verifyEnterpriseResponseSchema = z.object({
  enterpriseId: z.string(),
  verified: z.boolean(),
});
