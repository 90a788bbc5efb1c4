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
  members: z.array(enterpriseMemberSchema),
});
export type EnterpriseDetail = z.infer<typeof enterpriseDetailSchema>;

export const myEnterprisesResponseSchema = z.object({ items: z.array(myMembershipSchema) });
export const memberDecisionResponseSchema = enterpriseMemberSchema;
