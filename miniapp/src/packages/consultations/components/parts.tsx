import { Text, Textarea, View } from '@tarojs/components';
import {
  CONSULTATION_EVENT_LABELS,
  provisionalDateLabel,
  type ConsultationDetail,
  type ConsultationSummary,
} from '@app/shared';

/** `2026-03-10T02:00:00Z` → `03-10 10:00` (China time). */
export function shortTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

export function DueChip({ c }: { c: ConsultationSummary }) {
  if (c.clock.overdue) return <Text className="zx-chip zx-chip--warn">已超期</Text>;
  if (c.clock.dueSoon) return <Text className="zx-chip zx-chip--soon">即将到期</Text>;
  if (c.clock.paused) return <Text className="zx-chip">计时暂停</Text>;
  return null;
}

export function ConsultationCard({ c, onOpen }: { c: ConsultationSummary; onOpen: () => void }) {
  const flag = c.clock.overdue ? ' zx-card--overdue' : c.clock.dueSoon ? ' zx-card--soon' : '';
  return (
    <View className={`zx-card${flag}`} data-testid={`consultation-${c.id}`} onClick={onOpen}>
      <View className="zx-row">
        <Text className="zx-title">{c.title}</Text>
        <Text className="zx-chip">{c.statusLabel}</Text>
      </View>
      <Text className="zx-muted">{`${c.number} · ${c.itemName ?? c.departmentName}`}</Text>
      <View className="zx-row">
        <Text className="zx-muted">
          {c.clock.dueDate
            ? `答复期限 ${provisionalDateLabel(c.clock.dueDate, c.clock.dueDateProvisional)}`
            : `提问于 ${shortTime(c.askedAt)}`}
        </Text>
        <DueChip c={c} />
      </View>
    </View>
  );
}

/** The thread: question, answers, follow-ups, transfers, information requests, in order. */
export function Thread({ c }: { c: ConsultationDetail }) {
  return (
    <View className="zx-card" data-testid="thread">
      {c.events.map((e, i) => (
        <View
          key={i}
          className={`zx-event${e.actorRole === 'staff' ? ' zx-event--staff' : ''}`}
          data-testid={`event-${e.kind}`}
        >
          <View className="zx-row">
            <Text className="zx-title">{CONSULTATION_EVENT_LABELS[e.kind]}</Text>
            <Text className="zx-muted">{shortTime(e.at)}</Text>
          </View>
          {e.actorName && e.actorRole === 'staff' ? (
            <Text className="zx-muted">{`工作人员 ${e.actorName}`}</Text>
          ) : null}
          {e.text ? <Text className="zx-text">{e.text}</Text> : null}
          {e.toDepartment ? (
            <Text className="zx-muted">{`${e.fromDepartment ?? '综合咨询窗口'} → ${e.toDepartment}`}</Text>
          ) : null}
          {e.links?.length ? (
            <Text className="zx-muted">{`相关事项：${e.links.map((l) => l.name).join('、')}`}</Text>
          ) : null}
          {e.duplicateOf ? <Text className="zx-muted">{`与 ${e.duplicateOf} 重复`}</Text> : null}
        </View>
      ))}
    </View>
  );
}

export function TextBox(props: {
  label: string;
  name: string;
  value: string;
  max: number;
  placeholder?: string;
  error?: string;
  onChange: (v: string) => void;
}) {
  return (
    <View>
      <Text className="zx-label">{`${props.label}（${Array.from(props.value).length}/${props.max}）`}</Text>
      <Textarea
        className="zx-textarea"
        name={props.name}
        value={props.value}
        maxlength={props.max}
        placeholder={props.placeholder}
        aria-label={props.label}
        onInput={(e) => props.onChange(e.detail.value)}
      />
      {props.error ? (
        <View className="zx-error" role="alert" data-testid={`error-${props.name}`}>
          <Text>{props.error}</Text>
        </View>
      ) : null}
    </View>
  );
}

export function Check({
  checked,
  label,
  onChange,
  testId,
}: {
  checked: boolean;
  label: string;
  onChange: (v: boolean) => void;
  testId: string;
}) {
  return (
    <View
      className="zx-check"
      role="checkbox"
      aria-checked={checked}
      data-testid={testId}
      onClick={() => onChange(!checked)}
    >
      <View className={`zx-check__box${checked ? ' zx-check__box--on' : ''}`} />
      <Text>{label}</Text>
    </View>
  );
}
