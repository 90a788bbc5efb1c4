import type { ReactNode } from 'react';
import { Text, Textarea, View } from '@tarojs/components';
import type { ComplaintDetail, ComplaintListItem } from '@app/shared';
import { formatChinaTime } from '../../../utils/format';

/** Building blocks of the complaints pages (citizen and workbench). */

export function Card({ title, children, testId }: { title?: string; children: ReactNode; testId?: string }) {
  return (
    <View className="cp-card" data-testid={testId}>
      {title ? <Text className="cp-title">{title}</Text> : null}
      {children}
    </View>
  );
}

const FLAG_TEXT: Array<[keyof ComplaintListItem['flags'], string, string]> = [
  ['overdue', '已超期', 'bad'],
  ['warned', '时限预警', 'warn'],
  ['dueSoon', '即将到期', 'warn'],
  ['acceptLate', '超 1 个工作日未受理', 'warn'],
  ['repeat', '重复投诉', 'warn'],
  ['escalated', '转督查', 'bad'],
  ['supervised', '督办中', 'bad'],
  ['extensionPending', '延期待审批', 'info'],
  ['returned', '退单', 'info'],
];

export function Flags({ c }: { c: ComplaintListItem }) {
  const shown = FLAG_TEXT.filter(([k]) => c.flags[k]);
  if (shown.length === 0 && c.redoCount === 0) return null;
  return (
    <View className="cp-flags">
      {shown.map(([k, text, tone]) => (
        <Text key={k} className={`cp-flag cp-flag--${tone}`} data-testid={`flag-${k}`}>
          {text}
        </Text>
      ))}
      {c.redoCount ? <Text className="cp-flag cp-flag--info">{`重办 ${c.redoCount} 次`}</Text> : null}
    </View>
  );
}

export function ComplaintCard({ c, onOpen }: { c: ComplaintListItem; onOpen: () => void }) {
  return (
    <View
      className={`cp-card cp-card--tap${c.flags.overdue ? ' cp-card--overdue' : ''}`}
      data-testid="complaint-card"
      onClick={onOpen}
    >
      <View className="cp-row">
        <Text className="cp-title">{c.subjectLabel}</Text>
        <Text className="cp-chip" data-testid="status-chip">
          {c.statusLabel}
        </Text>
      </View>
      <Text className="cp-muted">{`${c.number} · ${formatChinaTime(c.filedAt, { withDate: true })}`}</Text>
      {c.leadDepartmentName ? <Text className="cp-muted">{`承办：${c.leadDepartmentName}`}</Text> : null}
      {c.dueDate ? <Text className="cp-muted">{`办理时限：${c.dueDate}`}</Text> : null}
      <Flags c={c} />
    </View>
  );
}

export function Timeline({ c }: { c: ComplaintDetail }) {
  const events = [...c.timeline].reverse();
  if (events.length === 0) return <Text className="cp-muted">暂无记录</Text>;
  return (
    <View className="cp-timeline" data-testid="timeline">
      {events.map((e, i) => (
        <View key={`${e.at}-${i}`} className="cp-timeline__event" data-testid="timeline-event">
          <Text className="cp-timeline__label">{e.label}</Text>
          <Text className="cp-muted">{`${formatChinaTime(e.at, { withDate: true })} · ${e.actor}`}</Text>
          {e.note ? <Text className="cp-text">{e.note}</Text> : null}
        </View>
      ))}
    </View>
  );
}

export function Choice<T extends string>({
  options,
  value,
  onChange,
  testId,
}: {
  options: Array<{ value: T; label: string }>;
  value: T | undefined;
  onChange: (v: T) => void;
  testId?: string;
}) {
  return (
    <View className="cp-choice" role="radiogroup" data-testid={testId}>
      {options.map((o) => (
        <View
          key={o.value}
          role="radio"
          aria-checked={value === o.value}
          data-testid={testId ? `${testId}-${o.value}` : undefined}
          className={`cp-choice__item${value === o.value ? ' cp-choice__item--active' : ''}`}
          onClick={() => onChange(o.value)}
        >
          {o.label}
        </View>
      ))}
    </View>
  );
}

export function TextBox({
  label,
  name,
  value,
  onChange,
  error,
  maxlength,
  placeholder,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  maxlength: number;
  placeholder?: string;
}) {
  return (
    <View className="cp-field">
      <Text className="cp-field__label">{label}</Text>
      <Textarea
        className="cp-field__input"
        value={value}
        maxlength={maxlength}
        placeholder={placeholder}
        aria-label={label}
        onInput={(e) => onChange(e.detail.value)}
      />
      <Text className="cp-muted">{`${[...value].length} / ${maxlength}`}</Text>
      {error ? (
        <View role="alert" data-testid={`error-${name}`}>
          <Text className="cp-error">{error}</Text>
        </View>
      ) : null}
    </View>
  );
}

/** The reply and the handling, shared by the person's page and the workbench. */
export function ReplyCard({ c }: { c: ComplaintDetail }) {
  if (!c.reply && !c.rejection) return null;
  return (
    <Card title={c.rejection ? '不予受理' : '答复'} testId="reply">
      {c.rejection ? (
        <>
          <Text className="cp-text">{c.rejection.reasonLabel}</Text>
          <Text className="cp-text">{c.rejection.note}</Text>
        </>
      ) : (
        <>
          <Text className="cp-text" data-testid="reply-text">
            {c.reply}
          </Text>
          {c.repliedAt ? (
            <Text className="cp-muted">{formatChinaTime(c.repliedAt, { withDate: true })}</Text>
          ) : null}
        </>
      )}
    </Card>
  );
}
