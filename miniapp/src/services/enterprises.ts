import {
  bindEnterpriseResponseSchema,
  enterpriseDetailSchema,
  memberDecisionResponseSchema,
  myEnterprisesResponseSchema,
  type BindEnterpriseRequest,
  type EnterpriseDetail,
  type EnterpriseMember,
  type MyMembership,
} from '@app/shared';
import { apiRequest } from './api-client';

/** `POST /api/enterprises/bind`: the first binder becomes admin; later ones wait for the admin. */
export function bindEnterprise(body: BindEnterpriseRequest): Promise<MyMembership> {
  return apiRequest({
    path: '/api/enterprises/bind',
    method: 'POST',
    data: body,
    schema: bindEnterpriseResponseSchema,
  });
}

export async function myEnterprises(): Promise<MyMembership[]> {
  return (await apiRequest({ path: '/api/enterprises/mine', schema: myEnterprisesResponseSchema })).items;
}

export function getEnterprise(id: string): Promise<EnterpriseDetail> {
  return apiRequest({ path: `/api/enterprises/${encodeURIComponent(id)}`, schema: enterpriseDetailSchema });
}

/** The enterprise's admin member approves or rejects a pending member. */
export function decideMember(
  enterpriseId: string,
  userId: string,
  decision: 'approve' | 'reject',
): Promise<EnterpriseMember> {
  return apiRequest({
    path: `/api/enterprises/${encodeURIComponent(enterpriseId)}/members/${encodeURIComponent(userId)}/${decision}`,
    method: 'POST',
    schema: memberDecisionResponseSchema,
  });
}
