import { z } from 'zod';

/**
 * 办件状态 (national practice): 已申报 → 预审 (通过 / 需补正) → 已受理 or 不予受理 → 办理中 (补正 may stop
 * the clock) → 办结 → 已出件; 撤回 by the applicant before 受理.
 */
export const CASE_STATUSES = [
  'submitted',
  'needs_correction',
  'prereviewed',
  'accepted',
  'rejected',
  'in_progress',
  'correction_paused',
  'completed',
  'delivered',
  'withdrawn',
] as const;
export const caseStatusSchema = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof caseStatusSchema>;

export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  submitted: '已申报（待预审）',
  needs_correction: '需补正',
  prereviewed: '预审通过（待受理）',
  accepted: '已受理',
  rejected: '不予受理',
  in_progress: '办理中',
  correction_paused: '办理中（待补正，计时暂停）',
  completed: '已办结',
  delivered: '已出件',
  withdrawn: '已撤回',
};

/** Statuses after which nothing moves any more. */
export const CASE_FINAL_STATUSES = [
  'rejected',
  'delivered',
  'withdrawn',
] as const satisfies readonly CaseStatus[];
/** Statuses during which the time limit runs (or is paused): between 受理 and 办结. */
export const CASE_CLOCK_STATUSES = [
  'accepted',
  'in_progress',
  'correction_paused',
] as const satisfies readonly CaseStatus[];

/** What moves a case: one row per (from, action) in the BFF's transition table. */
export const CASE_ACTIONS = [
  'prereview_pass',
  'request_correction',
  'resubmit',
  'accept',
  'reject',
  'start',
  'complete',
  'deliver',
  'withdraw',
] as const;
export const caseActionSchema = z.enum(CASE_ACTIONS);
export type CaseAction = z.infer<typeof caseActionSchema>;

export const CASE_ACTION_LABELS: Record<CaseAction, string> = {
  prereview_pass: '预审通过',
  request_correction: '通知补正',
  resubmit: '补正后重新提交',
  accept: '受理',
  reject: '不予受理',
  start: '开始办理',
  complete: '办结',
  deliver: '出件',
  withdraw: '撤回申请',
};

/** Timeline events that are not status changes. */
export const CASE_EVENT_KINDS = [
  ...CASE_ACTIONS,
  'apply',
  'trip',
  'material_uploaded',
  'material_waived',
  'task_updated',
  'delivery_chosen',
] as const;
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number];
export const caseEventKindSchema = z.enum(CASE_EVENT_KINDS);

export const CASE_EVENT_LABELS: Record<CaseEventKind, string> = {
  ...CASE_ACTION_LABELS,
  apply: '提交申请',
  trip: '到窗口办理（跑动一次）',
  material_uploaded: '上传材料',
  material_waived: '申请容缺',
  task_updated: '并联部门办理',
  delivery_chosen: '选择取件方式',
};

export const CASE_OUTCOMES = ['approved', 'refused'] as const;
export const caseOutcomeSchema = z.enum(CASE_OUTCOMES);
export type CaseOutcome = z.infer<typeof caseOutcomeSchema>;
export const CASE_OUTCOME_LABELS: Record<CaseOutcome, string> = { approved: '准予许可', refused: '不予许可' };

/** A parallel department task (并联审批). */
export const CASE_TASK_STATUSES = ['pending', 'in_progress', 'done'] as const;
export const caseTaskStatusSchema = z.enum(CASE_TASK_STATUSES);
export type CaseTaskStatus = z.infer<typeof caseTaskStatusSchema>;
export const CASE_TASK_STATUS_LABELS: Record<CaseTaskStatus, string> = {
  pending: '待办理',
  in_progress: '办理中',
  done: '已办结',
};

export const DELIVERY_METHODS = ['pickup', 'post'] as const;
export const deliveryMethodSchema = z.enum(DELIVERY_METHODS);
export type DeliveryMethod = z.infer<typeof deliveryMethodSchema>;
export const DELIVERY_METHOD_LABELS: Record<DeliveryMethod, string> = {
  pickup: '窗口领取',
  post: '邮寄送达',
};

/** A material of the guide, as it stands in one case. */
export const CASE_MATERIAL_STATES = ['missing', 'uploaded', 'waived', 'shared', 'cancelled'] as const;
export const caseMaterialStateSchema = z.enum(CASE_MATERIAL_STATES);
export type CaseMaterialState = z.infer<typeof caseMaterialStateSchema>;
export const CASE_MATERIAL_STATE_LABELS: Record<CaseMaterialState, string> = {
  missing: '待提交',
  uploaded: '已上传',
  waived: '容缺（后补）',
  shared: '免提交（数据共享）',
  cancelled: '已取消',
};

export const TRIP_SOURCES = ['window', 'appointment'] as const;
export const tripSourceSchema = z.enum(TRIP_SOURCES);
export type TripSource = z.infer<typeof tripSourceSchema>;

/** Upload limits: pictures or PDFs, recognised by their first bytes. */
export const CASE_FILE_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export type CaseFileType = (typeof CASE_FILE_TYPES)[number];
export const CASE_FILE_MAX_BYTES = 5 * 1024 * 1024;

/** Working days left at or under which a case is "due soon". */
export const CASE_DUE_SOON_WORKING_DAYS = 2;

/** `JX-20261126-000123` */
export const CASE_NUMBER_PATTERN = /^JX-\d{8}-\d{6,}$/;
