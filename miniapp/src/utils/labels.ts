import type { MaterialRequirement, MyMembership } from '@app/shared';

export const MEMBERSHIP_STATUS_LABELS: Record<MyMembership['status'], string> = {
  active: '已绑定',
  pending: '待管理员审核',
  rejected: '未通过',
  removed: '已退出',
};

export const MEMBERSHIP_ROLE_LABELS: Record<MyMembership['role'], string> = {
  admin: '企业管理员',
  member: '成员',
};

/** The colour of a material's requirement badge (办事指南 and 在线申报 alike). */
export const REQUIREMENT_COLORS: Record<MaterialRequirement, string> = {
  required: '#1f5fbf',
  waivable: '#d9822b',
  shared: '#1a9e5c',
  cancelled: '#9aa1ad',
};
