import type { MyMembership } from '@app/shared';

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
