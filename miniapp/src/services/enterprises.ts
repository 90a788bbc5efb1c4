import {
  enterpriseAdminsResponseSchema,
  enterpriseClaimListSchema,
  enterpriseClaimSchema,
  leaveEnterpriseResponseSchema,
  removeMemberResponseSchema,
  verifyEnterpriseResponseSchema,
  type EnterpriseClaim,
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
import { uploadFileTo } from './cases';

const enc = encodeURIComponent;

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
    path: `/api/enterprises/${enc(enterpriseId)}/members/${enc(userId)}/${decision}`,
    method: 'POST',
    schema: memberDecisionResponseSchema,
  });
}

/** An admin removes a member (takes effect at once). */
export function removeMember(enterpriseId: string, userId: string): Promise<EnterpriseMember> {
  return apiRequest({
    path: `/api/enterprises/${enc(enterpriseId)}/members/${enc(userId)}`,
    method: 'DELETE',
    schema: removeMemberResponseSchema,
  });
}

/** The caller leaves the enterprise (the last admin must hand over first). */
export async function leaveEnterprise(enterpriseId: string): Promise<void> {
  await apiRequest({
    path: `/api/enterprises/${enc(enterpriseId)}/leave`,
    method: 'POST',
    schema: leaveEnterpriseResponseSchema,
  });
}

/** `handover`: the member becomes the admin, the caller a member; `share`: one more admin. */
export async function setAdmin(
  enterpriseId: string,
  userId: string,
  mode: 'handover' | 'share',
): Promise<EnterpriseMember[]> {
  return (
    await apiRequest({
      path: `/api/enterprises/${enc(enterpriseId)}/admins`,
      method: 'POST',
      data: { userId, mode },
      schema: enterpriseAdminsResponseSchema,
    })
  ).members;
}

/** The first binder uploads the business licence for hall staff to check. */
export function uploadLicence(
  enterpriseId: string,
  file: { path: string; name?: string },
): Promise<EnterpriseClaim> {
  return uploadFileTo(`/api/enterprises/${enc(enterpriseId)}/licence`, file, enterpriseClaimSchema);
}

// ---------- staff: 企业认证 ----------

export async function enterpriseClaims(): Promise<EnterpriseClaim[]> {
  return (await apiRequest({ path: '/api/staff/enterprise-claims', schema: enterpriseClaimListSchema }))
    .items;
}

export function verifyEnterprise(enterpriseId: string, decision: 'approve' | 'reject', note?: string) {
  return apiRequest({
    path: `/api/enterprises/${enc(enterpriseId)}/verify`,
    method: 'POST',
    data: { decision, ...(note ? { note } : {}) },
    schema: verifyEnterpriseResponseSchema,
  });
}
