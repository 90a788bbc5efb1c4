import { z } from 'zod';

/**
 * 咨询 statuses. One transition table (bff/src/modules/consultations/services/consultation-state-machine.ts):
 * submitted → claimed → answered → resolved, with info_requested (clock paused until the person
 * replies), transferred (waiting, unclaimed, in another department; the clock keeps running),
 * follow_up (a new round asked after an answer, its own clock) and closed (duplicate).
 */
export const CONSULTATION_STATUSES = [
  'submitted',
  'claimed',
  'info_requested',
  'transferred',
  'answered',
  'follow_up',
  'resolved',
  'closed',
] as const;
export const consultationStatusSchema = z.enum(CONSULTATION_STATUSES, { error: '未知的咨询状态' });
export type ConsultationStatus = z.infer<typeof consultationStatusSchema>;

export const CONSULTATION_STATUS_LABELS: Record<ConsultationStatus, string> = {
  submitted: '待受理',
  claimed: '处理中',
  info_requested: '待补充信息',
  transferred: '已转办',
  answered: '已答复',
  follow_up: '追问待答复',
  resolved: '已解决',
  closed: '已关闭',
};

/** Statuses waiting for staff: the clock runs (info_requested: paused). */
export const CONSULTATION_OPEN_STATUSES = [
  'submitted',
  'claimed',
  'info_requested',
  'transferred',
  'follow_up',
] as const satisfies readonly ConsultationStatus[];

export const CONSULTATION_ACTIONS = [
  'claim',
  'answer',
  'transfer',
  'request_info',
  'provide_info',
  'close_duplicate',
  'follow_up',
  'resolve',
] as const;
export const consultationActionSchema = z.enum(CONSULTATION_ACTIONS);
export type ConsultationAction = z.infer<typeof consultationActionSchema>;

export const CONSULTATION_EVENT_KINDS = [
  'asked',
  'claimed',
  'answered',
  'info_requested',
  'info_provided',
  'transferred',
  'follow_up',
  'resolved',
  'closed_duplicate',
  'overdue',
] as const;
export const consultationEventKindSchema = z.enum(CONSULTATION_EVENT_KINDS);
export type ConsultationEventKind = z.infer<typeof consultationEventKindSchema>;

export const CONSULTATION_EVENT_LABELS: Record<ConsultationEventKind, string> = {
  asked: '提出咨询',
  claimed: '工作人员已受理',
  answered: '答复',
  info_requested: '请补充信息',
  info_provided: '补充信息',
  transferred: '转办',
  follow_up: '追问',
  resolved: '已解决',
  closed_duplicate: '重复咨询，已关闭',
  overdue: '已超期',
};

/** Default answer time limit in working days (configurable per department). */
export const CONSULTATION_DEFAULT_LIMIT_DAYS = 3;
/** Follow-up rounds after the first answer. */
export const CONSULTATION_MAX_FOLLOW_UPS = 3;
export const CONSULTATION_MAX_PICTURES = 3;
/** Due within this many working days → flagged 即将到期. */
export const CONSULTATION_DUE_SOON_WORKING_DAYS = 1;
/** The 不清楚 choice of the ask page: the hall's 综合咨询窗口 queue (no department). */
export const CONSULTATION_DESK_LABEL = '综合咨询窗口';
