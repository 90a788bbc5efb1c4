// 名额与停约 (staff): what a change applies to, its request body, and the confirmation it needs.
import { z } from 'zod';
import {
  capacityChangeBodySchema,
  type DayKind,
  type SlotView,
  type StaffSlotsResponse,
  type WindowType,
} from '@app/shared';
import { buildQuery } from '../../../services/api-client';
import { formatDay } from './dates';

/**
 * The page, reached from 预约签到 with the hall it shows. (Kept beside the page: utils/routes.ts
 * belongs to the app shell.)
 */
export function staffCapacityRoute(hallCode?: string): string {
  return `/packages/appointments/capacity/index${buildQuery({ hallCode })}`;
}

export type ChangeAction = 'capacity' | 'close' | 'reopen';

/** A change being prepared: of one slot, or (no `slot`) of every slot shown for the day. */
export interface ChangeDraft {
  action: ChangeAction;
  slot?: SlotView;
}

/** Where the page is: the hall, the day and the window type filter (none = every type). */
export interface DayScope {
  hallCode: string;
  date: string;
  windowType?: WindowType;
}

export interface ChangeForm {
  capacity: string;
  reason: string;
}

export const ACTION_LABELS: Record<ChangeAction, string> = {
  capacity: '调整名额',
  close: '停约',
  reopen: '恢复预约',
};

/** The slots a draft changes: its slot, or the day's slots on show. */
export function affectedSlots(draft: ChangeDraft, shown: readonly SlotView[]): SlotView[] {
  return draft.slot ? [draft.slot] : [...shown];
}

/** `09:00–09:30 · 综合受理`, or `10月14日 周三 全天 · 综合受理` (全部窗口类型 without a filter). */
export function targetLabel(draft: ChangeDraft, scope: DayScope): string {
  if (draft.slot) return `${draft.slot.start}–${draft.slot.end} · ${draft.slot.windowType}`;
  return `${formatDay(scope.date)} 全天 · ${scope.windowType ?? '全部窗口类型'}`;
}

/** The request the form stands for (checked by the shared schema: the BFF's own messages). */
export function changeBody(draft: ChangeDraft, scope: DayScope, form: ChangeForm): Record<string, unknown> {
  const windowType = draft.slot?.windowType ?? scope.windowType;
  const body: Record<string, unknown> = { hallCode: scope.hallCode, date: scope.date, reason: form.reason };
  if (windowType) body.windowType = windowType;
  if (draft.slot) body.start = draft.slot.start;
  if (draft.action === 'close') body.closed = true;
  if (draft.action === 'reopen') body.closed = false;
  if (draft.action === 'capacity') {
    // Empty stays missing so the schema says 请填写新的名额; anything else must read as a number.
    body.capacity = form.capacity.trim() === '' ? undefined : Number(form.capacity.trim());
  }
  return body;
}

/** The form's strings → the capacity change request, with the shared schema's Chinese messages. */
export function changeFormSchema(draft: ChangeDraft, scope: DayScope) {
  return z
    .object({ capacity: z.string(), reason: z.string() })
    .transform((form) => changeBody(draft, scope, form))
    .pipe(capacityChangeBodySchema);
}

export interface Confirmation {
  title: string;
  content: string;
  confirmText: string;
}

const sumBooked = (slots: readonly SlotView[]) => slots.reduce((n, s) => n + s.booked, 0);

/**
 * Closing, or lowering capacity below what is booked, takes something away from people: ask first,
 * saying how many are booked and that they keep their booking and are told. Reopening and raising
 * capacity need no question.
 */
export function confirmationOf(
  draft: ChangeDraft,
  affected: readonly SlotView[],
  capacity?: number,
): Confirmation | undefined {
  if (draft.action === 'close') {
    const booked = sumBooked(affected.filter((s) => !s.closed));
    return {
      title: '确认停约',
      content:
        booked > 0
          ? `已有 ${booked} 人预约。停约后他们的预约仍然有效、优先办理，系统会通知他们；其他人不能再预约。`
          : '目前没有人预约。停约后其他人不能再预约，可随时恢复。',
      confirmText: '停约',
    };
  }
  if (draft.action === 'capacity' && capacity !== undefined) {
    const over = affected.filter((s) => s.booked > capacity);
    if (over.length === 0) return undefined;
    const where = draft.slot ? '该时段' : `${over.length} 个时段`;
    return {
      title: '名额少于已约人数',
      content: `${where}已有 ${sumBooked(over)} 人预约，多于新名额 ${capacity}。他们的预约仍然有效、优先办理，系统会通知他们；人数降到名额以下之前不再接受新预约。`,
      confirmText: '确认调整',
    };
  }
  return undefined;
}

export const SUCCESS_TOASTS: Record<ChangeAction, string> = {
  capacity: '名额已调整',
  close: '已停约',
  reopen: '已恢复预约',
};

const DAY_OFF_LABELS: Partial<Record<DayKind, string>> = {
  weekend: '周末',
  holiday: '法定节假日',
  closure: '大厅闭厅',
};

/** The empty state: no slots, and why when the hall does not work that day. */
export function emptyTextOf(day: StaffSlotsResponse | undefined): string {
  const base = '当天没有可预约时段';
  if (!day || day.isWorkingDay) return base;
  const why = day.hallClosed ? '大厅闭厅' : `${DAY_OFF_LABELS[day.kind] ?? '非工作日'}不办公`;
  return `${base}：${why}${day.note ? `（${day.note}）` : ''}`;
}
