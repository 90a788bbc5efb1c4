import { useState, type ReactNode } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { WINDOW_TYPES, type SlotView, type StaffSlotsResponse, type WindowType } from '@app/shared';
import { installSession, isStaffRole, readSession } from '../../../services/auth';
import { changeCapacity, staffSlots } from '../../../services/appointments';
import { useRemote } from '../../../hooks/use-remote';
import { useSchemaForm } from '../../../hooks/use-schema-form';
import { FormError, FormField } from '../../../components/form-field';
import { Button } from '../../../components/nut';
import { StatusView } from '../../../components/status-view';
import { confirmAction, toast } from '../../../utils/confirm';
import { STAFF_LOGIN_ROUTE, decodeParam } from '../../../utils/routes';
import {
  ACTION_LABELS,
  SUCCESS_TOASTS,
  affectedSlots,
  changeFormSchema,
  confirmationOf,
  emptyTextOf,
  targetLabel,
  type ChangeAction,
  type ChangeDraft,
  type DayScope,
} from '../lib/capacity';
import { addDays, chinaToday, formatDay } from '../lib/dates';
import { loadStaffHalls, type HallRef } from '../lib/staff-halls';
import './index.scss';

/** Signed-in staff only: anyone else goes to the staff login (answers null then). */
async function loadHallsOfStaff(): Promise<HallRef[] | null> {
  installSession();
  if (!isStaffRole(readSession()?.user.role)) {
    void Taro.redirectTo({ url: STAFF_LOGIN_ROUTE });
    return null;
  }
  return loadStaffHalls();
}

/** The hall asked for by the staff page when it is one of theirs, else their first. */
function defaultHall(halls: HallRef[] | null | undefined, asked: string | undefined): string | undefined {
  if (!halls) return undefined;
  return halls.find((h) => h.code === asked)?.code ?? halls[0]?.code;
}

function Chip(props: { label: string; active: boolean; testId?: string; onClick: () => void }) {
  const { label, active, testId, onClick } = props;
  return (
    <Text
      className={`appt-cap__chip${active ? ' appt-cap__chip--active' : ''}`}
      data-testid={testId}
      data-active={active ? 'true' : 'false'}
      onClick={onClick}
    >
      {label}
    </Text>
  );
}

/** Day by day (前一天 / 后一天) and the hall's next working days as one-tap chips. */
function DayPicker(props: {
  date: string;
  today: string;
  nextWorkingDays: readonly string[];
  onPick: (date: string) => void;
}) {
  const { date, today, nextWorkingDays, onPick } = props;
  const quick = [today, ...nextWorkingDays.filter((d) => d !== today)];
  return (
    <View className="appt-card" data-testid="day-picker">
      <View className="appt-cap__day-nav">
        <Text className="appt-cap__nav" onClick={() => onPick(addDays(date, -1))}>
          ‹ 前一天
        </Text>
        <Text className="appt-cap__day" data-testid="picked-day">
          {`${formatDay(date, today)}${date === today ? '（今天）' : ''}`}
        </Text>
        <Text className="appt-cap__nav" onClick={() => onPick(addDays(date, 1))}>
          后一天 ›
        </Text>
      </View>
      <View className="appt-cap__chips">
        {quick.map((d) => (
          <Chip
            key={d}
            label={d === today ? '今天' : formatDay(d, today)}
            testId={`day-chip-${d}`}
            active={d === date}
            onClick={() => onPick(d)}
          />
        ))}
      </View>
    </View>
  );
}

function WindowTypeFilter(props: { value?: WindowType; onChange: (value?: WindowType) => void }) {
  return (
    <View className="appt-cap__chips appt-cap__types">
      <Chip
        label="全部窗口"
        testId="type-all"
        active={!props.value}
        onClick={() => props.onChange(undefined)}
      />
      {WINDOW_TYPES.map((t) => (
        <Chip
          key={t}
          label={t}
          testId={`type-${t}`}
          active={props.value === t}
          onClick={() => props.onChange(t)}
        />
      ))}
    </View>
  );
}

/** Capacity (slot changes only) and the required reason; asks before taking seats away. */
function ChangeEditor(props: {
  draft: ChangeDraft;
  scope: DayScope;
  shown: readonly SlotView[];
  onDone: () => void;
  onCancel: () => void;
}) {
  const { draft, scope, shown, onDone, onCancel } = props;
  const form = useSchemaForm({
    initial: { capacity: draft.slot ? String(draft.slot.capacity) : '', reason: '' },
    schema: changeFormSchema(draft, scope),
    onSubmit: async (body) => {
      const question = confirmationOf(draft, affectedSlots(draft, shown), body.capacity);
      if (question && !(await confirmAction(question.title, question.content, question.confirmText))) return;
      await changeCapacity(body);
      toast(SUCCESS_TOASTS[draft.action], 'success');
      onDone();
    },
  });
  return (
    <View className="appt-cap__editor" data-testid="change-editor" data-action={draft.action}>
      <Text className="appt-cap__editor-title">{`${ACTION_LABELS[draft.action]} · ${targetLabel(draft, scope)}`}</Text>
      {draft.action === 'capacity' ? (
        <FormField
          label="新名额"
          name="capacity"
          type="number"
          value={form.values.capacity}
          placeholder={draft.slot ? '该时段可约人数' : '当天每个时段的可约人数'}
          maxlength={4}
          error={form.errors.capacity}
          disabled={form.submitting}
          onChange={form.change('capacity')}
        />
      ) : null}
      <FormField
        label="原因"
        name="reason"
        value={form.values.reason}
        placeholder={draft.action === 'reopen' ? '例如 培训取消' : '例如 窗口人员抽调、系统维护'}
        maxlength={200}
        hint="已约群众会在预约凭证上看到原因"
        error={form.errors.reason}
        disabled={form.submitting}
        onChange={form.change('reason')}
      />
      <FormError message={form.formError} />
      <View className="appt-banner__actions">
        <Button
          type={draft.action === 'close' ? 'danger' : 'primary'}
          disabled={form.submitting}
          loading={form.submitting}
          onClick={() => void form.submit()}
        >
          {`确认${ACTION_LABELS[draft.action]}`}
        </Button>
        <Button fill="outline" disabled={form.submitting} onClick={onCancel}>
          取消
        </Button>
      </View>
    </View>
  );
}

function SlotCard(props: {
  slot: SlotView;
  /** A day the hall does not work: its slots are shown (people keep their booking), not changed. */
  readOnly: boolean;
  onAction: (action: ChangeAction) => void;
  children?: ReactNode;
}) {
  const { slot, readOnly, onAction, children } = props;
  const over = !slot.closed && slot.booked > slot.capacity;
  return (
    <View
      className={`appt-card appt-cap__slot${slot.closed ? ' appt-cap__slot--closed' : ''}`}
      data-testid={`cap-slot-${slot.windowType}-${slot.start}`}
      data-closed={slot.closed ? 'true' : 'false'}
    >
      <View className="appt-cap__slot-head">
        <Text className="appt-cap__time">{`${slot.start}–${slot.end}`}</Text>
        <Text className="appt-muted appt-cap__type">{slot.windowType}</Text>
        {slot.closed ? <Text className="appt-chip appt-chip--danger">停约</Text> : null}
      </View>
      <Text className={`appt-cap__count${over ? ' appt-cap__count--over' : ''}`} data-testid="slot-count">
        {`已约 ${slot.booked} / 名额 ${slot.capacity}${slot.waiting ? ` · 候补 ${slot.waiting} 人` : ''}`}
      </Text>
      {slot.closed && slot.closedReason ? (
        <Text className="appt-muted">{`停约原因：${slot.closedReason}`}</Text>
      ) : null}
      {over ? <Text className="appt-muted">已约人数多于名额：暂不接受新预约</Text> : null}
      {readOnly ? null : (children ?? <SlotActions closed={slot.closed} onAction={onAction} />)}
    </View>
  );
}

function SlotActions({ closed, onAction }: { closed: boolean; onAction: (action: ChangeAction) => void }) {
  return (
    <View className="appt-banner__actions">
      <Button size="small" type="primary" fill="outline" onClick={() => onAction('capacity')}>
        调整名额
      </Button>
      {closed ? (
        <Button size="small" type="success" fill="outline" onClick={() => onAction('reopen')}>
          恢复
        </Button>
      ) : (
        <Button size="small" type="danger" fill="outline" onClick={() => onAction('close')}>
          停约
        </Button>
      )}
    </View>
  );
}

/** Totals of the day and the whole-day actions (of the window type shown). */
function DayCard(props: {
  day: StaffSlotsResponse;
  onAction: (action: ChangeAction) => void;
  children?: ReactNode;
}) {
  const { day, onAction, children } = props;
  const open = day.slots.filter((s) => !s.closed);
  const booked = day.slots.reduce((n, s) => n + s.booked, 0);
  const capacity = open.reduce((n, s) => n + s.capacity, 0);
  const closed = day.slots.length - open.length;
  return (
    <View className="appt-card" data-testid="day-card">
      <Text className="appt-title">整天</Text>
      <Text className="appt-text">
        {`${day.slots.length} 个时段 · 已约 ${booked} 人 · 开放名额 ${capacity}${closed ? ` · 停约 ${closed} 个时段` : ''}`}
      </Text>
      {day.note ? <Text className="appt-muted">{day.note}</Text> : null}
      {!day.isWorkingDay ? (
        <Text className="appt-muted">当天不办公：已约群众保留预约并已收到通知</Text>
      ) : (
        (children ?? <DayActions anyOpen={open.length > 0} anyClosed={closed > 0} onAction={onAction} />)
      )}
    </View>
  );
}

function DayActions(props: {
  anyOpen: boolean;
  anyClosed: boolean;
  onAction: (action: ChangeAction) => void;
}) {
  const { anyOpen, anyClosed, onAction } = props;
  return (
    <View className="appt-banner__actions">
      <Button size="small" type="primary" fill="outline" onClick={() => onAction('capacity')}>
        整天调整名额
      </Button>
      {anyOpen ? (
        <Button size="small" type="danger" fill="outline" onClick={() => onAction('close')}>
          整天停约
        </Button>
      ) : null}
      {anyClosed ? (
        <Button size="small" type="success" fill="outline" onClick={() => onAction('reopen')}>
          整天恢复
        </Button>
      ) : null}
    </View>
  );
}

/**
 * 工作台 · 名额与停约: a day's slots of the staff member's hall with 已约 / 名额; per slot or for the
 * whole day: 调整名额, 停约, 恢复. People already booked keep their booking and are notified.
 */
export default function StaffCapacityPage() {
  const { params } = useRouter();
  const today = chinaToday();
  const [hallChoice, setHallChoice] = useState<string>();
  const [date, setDate] = useState(today);
  const [windowType, setWindowType] = useState<WindowType>();
  const [draft, setDraft] = useState<ChangeDraft>();

  const halls = useRemote(loadHallsOfStaff, []);
  const hallCode = hallChoice ?? defaultHall(halls.data, decodeParam(params.hallCode));
  const day = useRemote(
    () => (hallCode ? staffSlots({ hallCode, date, windowType }) : Promise.resolve(undefined)),
    [hallCode, date, windowType],
    { refreshOnShow: true },
  );
  const res = day.data;
  // An answer for what is picked stays on screen while it refreshes after a change (no flicker).
  const current = !!res && res.hallCode === hallCode && res.date === date && res.windowType === windowType;
  const scope: DayScope | undefined = hallCode ? { hallCode, date, windowType } : undefined;

  const pick = (change: () => void) => {
    setDraft(undefined);
    change();
  };
  const done = () => {
    setDraft(undefined);
    day.reload();
  };
  const editorFor = (slot?: SlotView) =>
    draft && scope && draft.slot?.id === slot?.id ? (
      <ChangeEditor
        draft={draft}
        scope={scope}
        shown={current ? res.slots : []}
        onDone={done}
        onCancel={() => setDraft(undefined)}
      />
    ) : undefined;

  return (
    <View className="appt appt-cap">
      {halls.data && halls.data.length > 1 ? (
        <View className="appt-cap__chips appt-cap__halls">
          {halls.data.map((h) => (
            <Chip
              key={h.code}
              label={h.name}
              active={h.code === hallCode}
              onClick={() => pick(() => setHallChoice(h.code))}
            />
          ))}
        </View>
      ) : null}
      <DayPicker
        date={date}
        today={today}
        nextWorkingDays={res?.nextWorkingDays ?? []}
        onPick={(d) => pick(() => setDate(d))}
      />
      <WindowTypeFilter value={windowType} onChange={(t) => pick(() => setWindowType(t))} />
      <StatusView
        loading={halls.loading || (day.loading && !current)}
        error={halls.error ?? day.error}
        onRetry={halls.error ? halls.reload : day.reload}
        empty={halls.data !== null && (!hallCode || (current && res.slots.length === 0))}
        emptyText={!hallCode ? '您的账号未分配服务大厅，请联系管理员' : emptyTextOf(res)}
      >
        {current ? (
          <>
            <DayCard day={res} onAction={(action) => setDraft({ action })}>
              {editorFor(undefined)}
            </DayCard>
            {res.slots.map((slot) => (
              <SlotCard
                key={slot.id}
                slot={slot}
                readOnly={!res.isWorkingDay}
                onAction={(action) => setDraft({ action, slot })}
              >
                {editorFor(slot)}
              </SlotCard>
            ))}
          </>
        ) : null}
      </StatusView>
    </View>
  );
}
