import { useEffect, useState, type ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import {
  CASE_OUTCOME_LABELS,
  DELIVERY_METHOD_LABELS,
  provisionalDateLabel,
  type CaseDetail,
  type CaseStatus,
  type CaseSummary,
} from '@app/shared';
import { listDepartments } from '../../../services/catalog';
import { formatChinaTime } from '../../../utils/format';

const STATUS_COLORS: Record<CaseStatus, string> = {
  submitted: '#1f5fbf',
  needs_correction: '#d9822b',
  prereviewed: '#1f5fbf',
  accepted: '#3b7ddd',
  rejected: '#d93026',
  in_progress: '#3b7ddd',
  correction_paused: '#6b4fbb',
  completed: '#1a9e5c',
  delivered: '#5a8f6e',
  withdrawn: '#9aa1ad',
};

/** The status as a coloured chip. */
export function StatusChip({ status, label }: { status: CaseStatus; label: string }) {
  return (
    <Text className="case-chip" style={{ background: STATUS_COLORS[status] }} data-testid="status-chip">
      {label}
    </Text>
  );
}

/** `2026-11-26` → `2026年11月26日`. */
export function formatDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : date;
}

/** Due date and the flags: 已超期 / 即将到期 / 计时暂停; 预计 before a date that may still move. */
export function DueFlags({
  dueDate,
  overdue,
  dueSoon,
  paused,
  provisional,
}: {
  dueDate: string | null;
  overdue: boolean;
  dueSoon: boolean;
  paused?: boolean;
  /** The due date counts days of a year without its holiday notice. */
  provisional?: boolean;
}) {
  if (!dueDate && !overdue && !dueSoon && !paused) return null;
  return (
    <View className="case-flags">
      {overdue ? (
        <Text className="case-flag case-flag--overdue" data-testid="flag-overdue">
          已超期
        </Text>
      ) : null}
      {!overdue && dueSoon ? (
        <Text className="case-flag case-flag--soon" data-testid="flag-due-soon">
          即将到期
        </Text>
      ) : null}
      {paused ? (
        <Text className="case-flag case-flag--paused" data-testid="flag-paused">
          补正中，计时暂停
        </Text>
      ) : null}
      {dueDate ? (
        <Text
          className={`case-muted${overdue ? ' case-danger' : ''}`}
          data-testid="due-date"
        >{`办结期限 ${provisionalDateLabel(formatDate(dueDate), provisional)}`}</Text>
      ) : null}
    </View>
  );
}

/** One case in a list (我的办件, the staff queue). */
export function CaseCard({
  c,
  onOpen,
  showApplicant,
}: {
  c: CaseSummary;
  onOpen: () => void;
  showApplicant?: boolean;
}) {
  const cls = c.overdue ? ' case-card--overdue' : c.dueSoon ? ' case-card--soon' : '';
  return (
    <View
      className={`case-card${cls}`}
      hoverClass="case-card--pressed"
      onClick={onOpen}
      data-testid="case-card"
    >
      <View className="case-card__head">
        <Text className="case-title">{c.itemName}</Text>
        <StatusChip status={c.status} label={c.statusLabel} />
      </View>
      <Text className="case-muted">{`办件编号 ${c.number}`}</Text>
      {c.enterprise ? (
        <Text className="case-muted" data-testid="case-enterprise">
          {`申报企业 ${c.enterprise.name}（${c.enterprise.creditCodeMasked}）`}
        </Text>
      ) : null}
      {showApplicant && c.applicantName ? (
        <Text className="case-muted" data-testid="case-submitter">
          {c.enterprise ? `经办人 ${c.applicantName}` : `申请人 ${c.applicantName}`}
        </Text>
      ) : null}
      <Text className="case-muted">{`申报于 ${formatChinaTime(c.submittedAt, { withDate: true })}`}</Text>
      {c.openTasks.length ? (
        <Text className="case-muted">{`并联办理中：${(c.openTaskNames ?? c.openTasks).join('、')}`}</Text>
      ) : null}
      <DueFlags
        dueDate={c.dueDate}
        overdue={c.overdue}
        dueSoon={c.dueSoon}
        provisional={c.dueDateProvisional}
      />
    </View>
  );
}

/** Department codes as names (best effort, from the public catalog). */
export function useDepartmentNames(): (code: string | undefined) => string {
  const [names, setNames] = useState<Record<string, string>>({});
  useEffect(() => {
    let alive = true;
    listDepartments().then(
      (list) => {
        if (alive) setNames(Object.fromEntries(list.map((d) => [d.code, d.name])));
      },
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, []);
  return (code) => (code ? (names[code] ?? code) : '');
}

export function Card({
  title,
  extra,
  children,
  testId,
}: {
  title?: string;
  extra?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <View className="case-card" data-testid={testId}>
      {title ? (
        <View className="case-card__head">
          <Text className="case-section-title">{title}</Text>
          {extra}
        </View>
      ) : null}
      {children}
    </View>
  );
}

/** Case number, item, status, due date and flags, paused clock. */
export function CaseHeader({ c, dept }: { c: CaseDetail; dept: (code?: string) => string }) {
  const d = c.deadline;
  return (
    <Card testId="case-header">
      <View className="case-card__head">
        <Text className="case-title">{c.itemName}</Text>
        <StatusChip status={c.status} label={c.statusLabel} />
      </View>
      <Text className="case-muted" data-testid="case-number">{`办件编号 ${c.number}`}</Text>
      <Text className="case-muted">{`办理部门 ${c.departmentName ?? dept(c.department)}`}</Text>
      {c.enterprise ? (
        <Text className="case-text" data-testid="case-enterprise">
          {`申报企业 ${c.enterprise.name}（统一社会信用代码 ${c.enterpriseCreditCode ?? c.enterprise.creditCodeMasked}）`}
        </Text>
      ) : null}
      {c.applicantName ? (
        <Text className="case-muted">{`${c.enterprise ? '经办人' : '申请人'} ${c.applicantName}`}</Text>
      ) : null}
      <Text className="case-muted">{`申报于 ${formatChinaTime(c.submittedAt, { withDate: true })}`}</Text>
      <DueFlags
        dueDate={d.dueDate}
        overdue={d.overdue}
        dueSoon={d.dueSoon}
        paused={d.paused}
        provisional={d.dueDateProvisional}
      />
      <Text className="case-muted" data-testid="case-limit">
        {d.limitDays < 1
          ? d.startDate
            ? `即办件：${formatDate(d.startDate)} 受理，当日办结${d.overdue ? '（已超期）' : ''}`
            : '即办件：受理当日办结'
          : d.startDate
            ? `承诺时限 ${d.limitDays} 个工作日，自 ${formatDate(d.startDate)} 受理起算${
                d.remainingWorkingDays !== null && !d.paused
                  ? d.remainingWorkingDays >= 0
                    ? `，剩余 ${d.remainingWorkingDays} 个工作日`
                    : `，已超期 ${-d.remainingWorkingDays} 个工作日`
                  : ''
              }`
            : `承诺时限 ${d.limitDays} 个工作日，受理后开始计时`}
      </Text>
      {d.pausedWorkingDays > 0 || d.pauses.length ? (
        <Text className="case-muted" data-testid="pauses">
          {`补正暂停计时 ${d.pausedWorkingDays} 个工作日：${d.pauses
            .map((p) => `${formatDate(p.from)} 至 ${p.to ? formatDate(p.to) : '今'}`)
            .join('；')}`}
        </Text>
      ) : null}
      {c.outcome ? <Text className="case-text">{`办理结果：${CASE_OUTCOME_LABELS[c.outcome]}`}</Text> : null}
      {c.rejectionReason ? <Text className="case-warn">{`不予受理理由：${c.rejectionReason}`}</Text> : null}
      {c.delivery ? (
        <Text className="case-text" data-testid="delivery">
          {`取件方式：${DELIVERY_METHOD_LABELS[c.delivery.method]}${
            c.delivery.address ? `（${c.delivery.address.recipient}，${c.delivery.address.address}）` : ''
          }${c.delivery.trackingNumber ? ` · 快递单号 ${c.delivery.carrier ?? ''}${c.delivery.trackingNumber}` : ''}${
            c.delivery.deliveredAt
              ? ` · 已于 ${formatChinaTime(c.delivery.deliveredAt, { withDate: true })} 出件`
              : ''
          }`}
        </Text>
      ) : null}
    </Card>
  );
}

/** The vertical timeline: when, who, what, note (staff names come masked for applicants). */
export function Timeline({
  events,
}: {
  events: Array<{ at: string; label: string; who: string; note?: string }>;
}) {
  if (events.length === 0) return <Text className="case-muted">暂无记录</Text>;
  return (
    <View className="timeline" data-testid="timeline">
      {events.map((e, i) => (
        <View key={`${e.at}-${i}`} className="timeline__event" data-testid="timeline-event">
          <View className="timeline__dot" />
          <Text className="timeline__label">{e.label}</Text>
          <Text className="case-muted">{`${formatChinaTime(e.at, { withDate: true })} · ${e.who}`}</Text>
          {e.note ? <Text className="case-text">{e.note}</Text> : null}
        </View>
      ))}
    </View>
  );
}

export function caseTimeline(c: CaseDetail, dept: (code?: string) => string) {
  return [...c.timeline].reverse().map((e) => ({
    at: e.at,
    label: e.label,
    who: [e.actor.roleLabel, dept(e.actor.department), e.actor.name].filter(Boolean).join(' · '),
    note: e.note,
  }));
}

/** 并联审批: each department's task, and who is still working. */
export function TasksCard({
  c,
  dept,
  renderActions,
}: {
  c: CaseDetail;
  dept: (code?: string) => string;
  renderActions?: (task: CaseDetail['tasks'][number]) => ReactNode;
}) {
  if (c.tasks.length === 0 && c.stillWorking.length === 0) return null;
  return (
    <Card title="并联办理" testId="tasks">
      {c.stillWorking.length ? (
        <Text className="case-warn" data-testid="still-working">
          {`正在办理：${(c.stillWorkingNames?.length ? c.stillWorkingNames : c.stillWorking.map((d) => dept(d))).join('、')}`}
        </Text>
      ) : null}
      {c.tasks.map((t) => (
        <View key={t.id} className="task" data-testid="task">
          <View className="task__main">
            <Text className="case-text">{t.departmentName ?? dept(t.department)}</Text>
            <Text className={`case-muted${t.overdue ? ' case-danger' : ''}`}>
              {`${t.statusLabel}${t.outcome ? `（${CASE_OUTCOME_LABELS[t.outcome]}）` : ''} · 期限 ${provisionalDateLabel(formatDate(t.dueDate), t.dueDateProvisional)}${
                t.status !== 'done' && t.overdue
                  ? ' · 已超期'
                  : t.status !== 'done' && t.dueSoon
                    ? ' · 即将到期'
                    : ''
              }`}
            </Text>
            {renderActions ? renderActions(t) : null}
          </View>
        </View>
      ))}
    </Card>
  );
}

/** Trips taken vs allowed (the reform's own measure). */
export function TripsCard({ c }: { c: CaseDetail }) {
  const { taken, allowed, met, trips } = c.trips;
  return (
    <Card title="跑动次数" testId="trips">
      <View className="trips">
        <Text className={`trips__count${met ? '' : ' trips__count--exceeded'}`} data-testid="trips-count">
          {`${taken} / ${allowed}`}
        </Text>
        <Text
          className={`case-flag ${met ? 'case-flag--ok' : 'case-flag--overdue'}`}
          data-testid="trips-flag"
        >
          {met ? (allowed === 0 ? '零跑腿' : `未超过承诺的 ${allowed} 次`) : `超过承诺的 ${allowed} 次`}
        </Text>
      </View>
      {trips.map((t, i) => (
        <Text key={`${t.at}-${i}`} className="case-muted">
          {`第 ${i + 1} 次：${formatChinaTime(t.at, { withDate: true })} · ${
            t.source === 'appointment' ? '预约到厅' : '窗口办理'
          }${t.note ? ` · ${t.note}` : ''}`}
        </Text>
      ))}
    </Card>
  );
}

/** 补正 notice: what is missing and why. */
export function CorrectionsNotice({ c }: { c: CaseDetail }) {
  if (c.corrections.length === 0) return null;
  return (
    <Card title="需要补正的材料" testId="corrections">
      {c.corrections.map((item, i) => (
        <Text key={i} className="case-warn" data-testid="correction">{`${item.name}：${item.reason}`}</Text>
      ))}
    </Card>
  );
}

/** Two or more options as tappable chips. */
export function Choice<T extends string>({
  options,
  value,
  onChange,
}: {
  options: Array<{ value: T; label: string }>;
  value: T | undefined;
  onChange: (v: T) => void;
}) {
  return (
    <View className="choice" role="radiogroup">
      {options.map((o) => (
        <View
          key={o.value}
          role="radio"
          aria-checked={value === o.value}
          className={`choice__item${value === o.value ? ' choice__item--active' : ''}`}
          onClick={() => onChange(o.value)}
        >
          {o.label}
        </View>
      ))}
    </View>
  );
}

export function setTitle(title: string): void {
  void Taro.setNavigationBarTitle({ title });
}
