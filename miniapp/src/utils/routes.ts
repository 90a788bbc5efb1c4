import { buildQuery, type QueryValue } from '../services/api-client';

/** Every route of the app in one place (tab pages use switchTab, the others navigateTo). */
export const TAB_ROUTES = {
  home: '/pages/home/index',
  catalog: '/pages/catalog/index',
  mine: '/pages/mine/index',
} as const;

/** 页面不存在: where an unknown address lands (app `onPageNotFound`). */
export const NOT_FOUND_ROUTE = '/pages/not-found/index';

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
/** Staff: enterprises whose first admin waits for the business-licence check (企业认证). */
export const ENTERPRISE_CLAIMS_ROUTE = '/packages/enterprises/claims/index';
export function enterpriseRoute(id: string): string {
  return `/packages/enterprises/detail/index${buildQuery({ id })}`;
}
/** Staff pages whose folder is not named `staff…` (名额与停约, 整改, 企业认证). */
const STAFF_ONLY_PAGES = new Set([
  'packages/appointments/capacity/index',
  'packages/ratings/rectification/index',
  'packages/enterprises/claims/index',
  'packages/supervision/dashboard/index',
]);

/**
 * Pages of the staff workbench: they use the staff session, every other page the person's own (the two
 * are independent). The workbench and staff-login subpackages, any page folder named `staff` or
 * `staff-…` in a capability's subpackage, and STAFF_ONLY_PAGES.
 */
export function isStaffPage(route: string): boolean {
  const r = route.replace(/^\//, '').split('?')[0];
  return (
    r.startsWith('packages/workbench/') ||
    r.startsWith('packages/auth/') ||
    /^packages\/[a-z-]+\/staff(-[a-z-]+)?\/index$/.test(r) ||
    STAFF_ONLY_PAGES.has(r)
  );
}

/** The staff workbench shell and the supervisors' audit log. */
export const WORKBENCH_ROUTE = '/packages/workbench/home/index';
export const AUDIT_ROUTE = '/packages/workbench/audit/index';
/** 搜索同义词 (admins). */
export const SYNONYMS_ROUTE = '/packages/catalog/synonyms/index';
/** 督查: the reform's figures, charts and Excel exports (supervisors and admins; staff: their department). */
export const SUPERVISION_ROUTE = '/packages/supervision/dashboard/index';

// ---- 预约办理 (subpackage packages/appointments) ----

/** Where a booking flow is: the item and, step by step, hall, date and start; `reschedule` = 改约 of that booking. */
export interface BookingFlowParams {
  itemCode: string;
  hallCode?: string;
  date?: string;
  start?: string;
  /** The booking being moved (改约): same hall, no waiting list. */
  reschedule?: string;
  /** The full slot's waiting list (排队候补) instead of a seat. */
  waitlist?: '1';
}

const flowRoute = (page: string) => (params: BookingFlowParams) =>
  `/packages/appointments/${page}/index${buildQuery({ ...params })}`;

/** Step 1: halls where the item can be booked. */
export const appointmentHallsRoute = flowRoute('halls');
/** Step 2: the month calendar. */
export const appointmentDateRoute = flowRoute('date');
/** Step 3: time slots of the day. */
export const appointmentSlotRoute = flowRoute('slot');
/** Step 4: summary, materials, subscription prompt, submit. */
export const appointmentConfirmRoute = flowRoute('confirm');
export function appointmentTicketRoute(id: string): string {
  return `/packages/appointments/ticket/index${buildQuery({ id })}`;
}
/** 我的预约 (upcoming, past, waiting list). */
export const MY_APPOINTMENTS_ROUTE = '/packages/appointments/mine/index';
/** Staff: 预约签到 (today's bookings, check-in, 叫号). */
export const STAFF_APPOINTMENTS_ROUTE = '/packages/appointments/staff/index';
/** Staff: 名额与停约 of their hall (capacity per slot, temporary stops). */
export const STAFF_CAPACITY_ROUTE = '/packages/appointments/capacity/index';

// ---- 办件进度 (subpackage packages/cases) ----

/** 在线申报 of an item (from its guide). */
export function caseApplyRoute(itemCode: string): string {
  return `/packages/cases/apply/index${buildQuery({ itemCode })}`;
}
/** 我的办件 (applicant). */
export const MY_CASES_ROUTE = '/packages/cases/mine/index';
/** The applicant's case page. */
export function caseRoute(id: string): string {
  return `/packages/cases/detail/index${buildQuery({ id })}`;
}
/** 查询进度: public query by case number + name or last 4 of the ID number. */
export const CASE_PROGRESS_ROUTE = '/packages/cases/progress/index';
/** Staff: the 办件 queue (待预审 / 办理中 / 部门任务 / 待出件). */
export const STAFF_CASES_ROUTE = '/packages/cases/staff/index';
/** Staff: one case with the actions its status allows. */
export function staffCaseRoute(id: string): string {
  return `/packages/cases/staff-case/index${buildQuery({ id })}`;
}
/**
 * Staff of a parallel-task department: their task (`/api/staff/case-tasks/:taskId`); they may not open
 * the case itself.
 */
export function staffTaskRoute(taskId: string): string {
  return `/packages/cases/staff-task/index${buildQuery({ taskId })}`;
}

// ---- 咨询 and 常见问题 (subpackage packages/consultations) ----

/** 我要咨询: from a guide (item and department filled in) or from 首页 / 我的 (choose a department). */
export function consultationAskRoute(
  params: { itemCode?: string; department?: string; itemName?: string } = {},
): string {
  return `/packages/consultations/ask/index${buildQuery(params)}`;
}
/** 我的咨询. */
export const MY_CONSULTATIONS_ROUTE = '/packages/consultations/mine/index';
/** The thread of one consultation (subscribe messages open it). */
export function consultationRoute(id: string): string {
  return `/packages/consultations/thread/index${buildQuery({ id })}`;
}
/** One FAQ entry with 有帮助 / 没帮助. */
export function faqRoute(id: string): string {
  return `/packages/consultations/faq/index${buildQuery({ id })}`;
}
/** Staff: the consultation queue, and one consultation with its actions and the FAQ form. */
export const STAFF_CONSULTATIONS_ROUTE = '/packages/consultations/staff/index';
export function staffConsultationRoute(id: string): string {
  return `/packages/consultations/staff-thread/index${buildQuery({ id })}`;
}
/** Staff: the department's FAQ entries (edit, 发布 / 撤下). */
export const STAFF_FAQ_ROUTE = '/packages/consultations/staff-faq/index';
/** 常见问题: the public FAQ search (no login). */
export function faqSearchRoute(params: { q?: string; department?: string } = {}): string {
  return `/packages/consultations/faq-search/index${buildQuery(params)}`;
}

// ---- 投诉 / 建议 / 举报 (subpackage packages/complaints) ----

/** 我要投诉 / 建议 / 举报, optionally prefilled with what it is about. */
export function complaintNewRoute(
  params: { kind?: string; subject?: string; id?: string; code?: string; label?: string } = {},
): string {
  return `/packages/complaints/new/index${buildQuery(params)}`;
}
export const MY_COMPLAINTS_ROUTE = '/packages/complaints/mine/index';
export function complaintRoute(id: string): string {
  return `/packages/complaints/detail/index${buildQuery({ id })}`;
}
export const STAFF_COMPLAINTS_ROUTE = '/packages/complaints/staff/index';
export function staffComplaintRoute(id: string): string {
  return `/packages/complaints/staff-complaint/index${buildQuery({ id })}`;
}

// ---- 好差评 and 整改 (subpackage packages/ratings) ----

/** The rating page of one service (评价, 追评, 整改后评价). */
export function rateRoute(kind: string, id: string): string {
  return `/packages/ratings/rate/index${buildQuery({ kind, id })}`;
}
/** 我的 → 待评价 (and 我的评价). */
export const PENDING_RATINGS_ROUTE = '/packages/ratings/pending/index';
/** Workbench: the department's 整改 queue, and one rectification. */
export const RECTIFICATIONS_ROUTE = '/packages/ratings/staff/index';
export function rectificationRoute(id: string): string {
  return `/packages/ratings/rectification/index${buildQuery({ id })}`;
}
