import { buildQuery, type QueryValue } from '../services/api-client';

/** Every route of the app in one place (tab pages use switchTab, the others navigateTo). */
export const TAB_ROUTES = {
  home: '/pages/home/index',
  catalog: '/pages/catalog/index',
  mine: '/pages/mine/index',
} as const;

export function guideRoute(code: string): string {
  return `/packages/catalog/guide/index${buildQuery({ code })}`;
}

export function searchRoute(params: Record<string, QueryValue>): string {
  return `/packages/catalog/search/index${buildQuery(params)}`;
}

/** Router params arrive URL-encoded on some platforms: decode safely. */
export function decodeParam(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

// ---- identity (subpackages packages/auth, packages/users, packages/enterprises, packages/workbench) ----

/** 工作人员登录 (capability `auth`). */
export const STAFF_LOGIN_ROUTE = '/packages/auth/staff-login/index';
/** 实名信息 form (capability `users`). */
export const REAL_NAME_ROUTE = '/packages/users/real-name/index';
/** 我的企业: memberships and their status (capability `enterprises`). */
export const MY_ENTERPRISES_ROUTE = '/packages/enterprises/mine/index';
export const BIND_ENTERPRISE_ROUTE = '/packages/enterprises/bind/index';
export function enterpriseRoute(id: string): string {
  return `/packages/enterprises/detail/index${buildQuery({ id })}`;
}
/** The staff workbench shell and the supervisors' audit log. */
export const WORKBENCH_ROUTE = '/packages/workbench/home/index';
export const AUDIT_ROUTE = '/packages/workbench/audit/index';
