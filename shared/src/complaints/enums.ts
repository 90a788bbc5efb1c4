import { z } from 'zod';

/** 投诉 / 建议 / 举报: one ticket kind each, one loop for all three. */
export const COMPLAINT_KINDS = ['complaint', 'suggestion', 'report'] as const;
export const complaintKindSchema = z.enum(COMPLAINT_KINDS, { error: '类型只能是投诉、建议或举报' });
export type ComplaintKind = z.infer<typeof complaintKindSchema>;
export const COMPLAINT_KIND_LABELS: Record<ComplaintKind, string> = {
  complaint: '投诉',
  suggestion: '建议',
  report: '举报',
};

/** Default time limits (working days, from the day after 受理); the desk may set another due date at 交办. */
export const COMPLAINT_DEFAULT_LIMIT_DAYS: Record<ComplaintKind, number> = {
  complaint: 13,
  suggestion: 15,
  report: 15,
};
/** 受理 within this many working days of submission, else the desk's queue flags it. */
export const COMPLAINT_ACCEPT_WITHIN_WORKING_DAYS = 1;
/** At this share of the time limit the handling department is warned. */
export const COMPLAINT_WARN_SHARE = 0.8;
/** 不满意 sends it back at most this many times; the next 不满意 goes to the supervisors. */
export const COMPLAINT_MAX_REDOS = 2;
/** Failed follow-up attempts, on different working days, before it closes as 无法联系. */
export const COMPLAINT_MAX_FAILED_ATTEMPTS = 3;
/** A complaint by the same person about the same department or item within this many days is a repeat. */
export const COMPLAINT_REPEAT_WINDOW_DAYS = 30;
/** Pictures or PDFs per complaint. */
export const COMPLAINT_MAX_ATTACHMENTS = 5;
/** Days an approved 延期 may add at most. */
export const COMPLAINT_MAX_EXTENSION_DAYS = 15;

/**
 * 提交 → 受理 → 交办 → 办理 → 答复 → 回访 → 办结, with 不予受理, 退单 (back to the desk), 重办 (back to the
 * department) and 督办 (escalated to the supervisors after the second 重办).
 */
export const COMPLAINT_STATUSES = [
  'submitted',
  'rejected',
  'accepted',
  'handling',
  'replied',
  'escalated',
  'closed',
  'unreachable',
] as const;
export const complaintStatusSchema = z.enum(COMPLAINT_STATUSES, { error: '未知的状态' });
export type ComplaintStatus = z.infer<typeof complaintStatusSchema>;
export const COMPLAINT_STATUS_LABELS: Record<ComplaintStatus, string> = {
  submitted: '待受理',
  rejected: '不予受理',
  accepted: '已受理（待交办）',
  handling: '办理中',
  replied: '已答复（待回访）',
  escalated: '督办中',
  closed: '已办结',
  unreachable: '已办结（无法联系）',
};
/** Statuses after which nothing moves any more. */
export const COMPLAINT_FINAL_STATUSES = [
  'rejected',
  'closed',
  'unreachable',
] as const satisfies readonly ComplaintStatus[];
/** Statuses during which the time limit runs (the clock keeps running through 退单). */
export const COMPLAINT_CLOCK_STATUSES = [
  'accepted',
  'handling',
] as const satisfies readonly ComplaintStatus[];

/** Who takes a step: the person who filed it, the desk (派单), the handling department, follow-up (回访), supervisors. */
export const COMPLAINT_ACTORS = ['filer', 'desk', 'handler', 'followup', 'supervisor'] as const;
export type ComplaintActor = (typeof COMPLAINT_ACTORS)[number];

export const COMPLAINT_ACTIONS = [
  'accept',
  'reject',
  'dispatch',
  'return',
  'reply',
  'reply_final',
  'satisfied',
  'redo',
  'escalate',
  'unreachable',
  'supervisor_redo',
  'supervisor_close',
] as const;
export type ComplaintAction = (typeof COMPLAINT_ACTIONS)[number];

export interface ComplaintTransition {
  from: ComplaintStatus;
  action: ComplaintAction;
  to: ComplaintStatus;
  who: ComplaintActor;
}

/** THE state machine of a complaint: every legal move, nothing else. */
export const COMPLAINT_TRANSITIONS: readonly ComplaintTransition[] = [
  { from: 'submitted', action: 'accept', to: 'accepted', who: 'desk' },
  { from: 'submitted', action: 'reject', to: 'rejected', who: 'desk' },
  { from: 'accepted', action: 'dispatch', to: 'handling', who: 'desk' },
  // 退单: the department says it is not theirs; the desk re-dispatches, the clock keeps running.
  { from: 'handling', action: 'return', to: 'accepted', who: 'handler' },
  { from: 'handling', action: 'reply', to: 'replied', who: 'handler' },
  // An anonymous 举报 cannot be followed up: the reply closes it.
  { from: 'handling', action: 'reply_final', to: 'closed', who: 'handler' },
  { from: 'replied', action: 'satisfied', to: 'closed', who: 'followup' },
  { from: 'replied', action: 'redo', to: 'handling', who: 'followup' },
  { from: 'replied', action: 'escalate', to: 'escalated', who: 'followup' },
  { from: 'replied', action: 'unreachable', to: 'unreachable', who: 'followup' },
  { from: 'escalated', action: 'supervisor_redo', to: 'handling', who: 'supervisor' },
  { from: 'escalated', action: 'supervisor_close', to: 'closed', who: 'supervisor' },
];

export function findComplaintTransition(
  from: ComplaintStatus,
  action: ComplaintAction,
): ComplaintTransition | undefined {
  return COMPLAINT_TRANSITIONS.find((t) => t.from === from && t.action === action);
}

/** Statuses from which `action` is legal (the filter of its conditional update). */
export function complaintSourcesOf(action: ComplaintAction): ComplaintStatus[] {
  return COMPLAINT_TRANSITIONS.filter((t) => t.action === action).map((t) => t.from);
}

/** Things a complaint can be about. Consultations will join (`consultation`) without changing the rest. */
export const COMPLAINT_SUBJECT_KINDS = ['case', 'appointment', 'item', 'hall', 'free'] as const;
export const complaintSubjectKindSchema = z.enum(COMPLAINT_SUBJECT_KINDS, { error: '未知的投诉对象' });
export type ComplaintSubjectKind = z.infer<typeof complaintSubjectKindSchema>;
export const COMPLAINT_SUBJECT_LABELS: Record<ComplaintSubjectKind, string> = {
  case: '我的办件',
  appointment: '我的预约',
  item: '服务事项',
  hall: '政务大厅',
  free: '其他',
};

/** 不予受理 reasons the person sees. */
export const COMPLAINT_REJECT_REASONS = [
  'out_of_scope',
  'litigation',
  'duplicate',
  'unclear',
  'other',
] as const;
export const complaintRejectReasonSchema = z.enum(COMPLAINT_REJECT_REASONS, {
  error: '请选择不予受理的理由',
});
export type ComplaintRejectReason = z.infer<typeof complaintRejectReasonSchema>;
export const COMPLAINT_REJECT_REASON_LABELS: Record<ComplaintRejectReason, string> = {
  out_of_scope: '不属于受理范围',
  litigation: '已进入诉讼、仲裁、行政复议等法定程序',
  duplicate: '重复提交，已有诉求正在办理',
  unclear: '诉求内容不清，无法办理',
  other: '其他',
};

export const FOLLOWUP_METHODS = ['phone', 'sms', 'wechat', 'visit'] as const;
export const followupMethodSchema = z.enum(FOLLOWUP_METHODS, { error: '请选择回访方式' });
export type FollowupMethod = z.infer<typeof followupMethodSchema>;
export const FOLLOWUP_METHOD_LABELS: Record<FollowupMethod, string> = {
  phone: '电话',
  sms: '短信',
  wechat: '微信消息',
  visit: '上门',
};

export const FOLLOWUP_VERDICTS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export const followupVerdictSchema = z.enum(FOLLOWUP_VERDICTS, { error: '请选择回访结果' });
export type FollowupVerdict = z.infer<typeof followupVerdictSchema>;
export const FOLLOWUP_VERDICT_LABELS: Record<FollowupVerdict, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  unsatisfied: '不满意',
};

/** Queues of the workbench (`?duty=`). */
export const COMPLAINT_QUEUES = ['dispatch', 'handling', 'followup', 'supervision'] as const;
export const complaintQueueSchema = z.enum(COMPLAINT_QUEUES, { error: '未知的队列' });
export type ComplaintQueue = z.infer<typeof complaintQueueSchema>;
export const COMPLAINT_QUEUE_LABELS: Record<ComplaintQueue, string> = {
  dispatch: '派单',
  handling: '承办',
  followup: '回访',
  supervision: '督办',
};

/** Timeline events: one per step, with who, when and a note. */
export const COMPLAINT_EVENT_KINDS = [
  'filed',
  'repeat_linked',
  'accepted',
  'rejected',
  'dispatched',
  'returned',
  'co_part',
  'extension_requested',
  'extension_approved',
  'extension_refused',
  'replied',
  'feedback',
  'followup_attempt',
  'verdict',
  'redo',
  'escalated',
  'closed',
  'unreachable',
  'warned',
  'overdue',
  'supervised',
  'supervision_answered',
  'contact_revealed',
] as const;
export type ComplaintEventKind = (typeof COMPLAINT_EVENT_KINDS)[number];
export const COMPLAINT_EVENT_LABELS: Record<ComplaintEventKind, string> = {
  filed: '提交',
  repeat_linked: '关联重复投诉',
  accepted: '受理',
  rejected: '不予受理',
  dispatched: '交办',
  returned: '退单',
  co_part: '协办部门办理意见',
  extension_requested: '申请延期',
  extension_approved: '同意延期',
  extension_refused: '不同意延期',
  replied: '答复',
  feedback: '群众反馈',
  followup_attempt: '回访',
  verdict: '回访结果',
  redo: '重办',
  escalated: '转督查',
  closed: '办结',
  unreachable: '无法联系，办结',
  warned: '时限预警',
  overdue: '已超期',
  supervised: '督办',
  supervision_answered: '督办回复',
  contact_revealed: '查看联系方式',
};

/** Events the person sees on 我的投诉 (internal ones — reveals, warnings, co-parts — stay on the workbench). */
export const COMPLAINT_PUBLIC_EVENTS: readonly ComplaintEventKind[] = [
  'filed',
  'accepted',
  'rejected',
  'dispatched',
  'returned',
  'extension_approved',
  'replied',
  'feedback',
  'followup_attempt',
  'verdict',
  'redo',
  'escalated',
  'closed',
  'unreachable',
];
