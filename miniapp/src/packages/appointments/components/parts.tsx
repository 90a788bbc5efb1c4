import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import type { BookingStatus, MyAppointmentsResponse } from '@app/shared';
import { ApiError } from '../../../services/api-client';

const STEPS = ['选大厅', '选日期', '选时段', '确认'];

/** Where the person is in the booking flow (1–4). */
export function FlowSteps({ current, reschedule }: { current: number; reschedule?: boolean }) {
  return (
    <View className="appt-steps">
      {reschedule ? <Text className="appt-steps__mode">改约</Text> : null}
      {STEPS.map((label, i) => (
        <Text
          key={label}
          className={`appt-steps__step${i + 1 === current ? ' appt-steps__step--current' : ''}${
            i + 1 < current ? ' appt-steps__step--done' : ''
          }`}
        >
          {`${i + 1} ${label}`}
        </Text>
      ))}
    </View>
  );
}

export type Restriction = NonNullable<MyAppointmentsResponse['restriction']>;

/** 多次爽约: the reason and the last day, shown wherever booking is refused. */
export function RestrictionBanner({ restriction }: { restriction: Restriction }) {
  return (
    <View className="appt-banner appt-banner--danger" role="alert" data-testid="restriction-banner">
      <Text className="appt-banner__title">暂时不能预约</Text>
      <Text className="appt-banner__text">{`原因：${restriction.reason}`}</Text>
      <Text className="appt-banner__text">{`限制至 ${restriction.endsOn}（含）`}</Text>
    </View>
  );
}

/** The restriction carried by a BOOKING_RESTRICTED error (`details.reason` / `details.lastRestrictedDay`). */
export function restrictionOf(err: unknown): Restriction | undefined {
  if (!(err instanceof ApiError) || err.code !== 'BOOKING_RESTRICTED') return undefined;
  const d = err.details ?? {};
  const reason = typeof d.reason === 'string' ? d.reason : err.message;
  const endsOn =
    typeof d.lastRestrictedDay === 'string'
      ? d.lastRestrictedDay
      : typeof d.endsOn === 'string'
        ? d.endsOn
        : typeof d.until === 'string'
          ? d.until.slice(0, 10)
          : '';
  return endsOn ? { reason, endsOn } : { reason: err.message, endsOn: '—' };
}

const STATUS_TONES: Partial<Record<BookingStatus, string>> = {
  booked: 'primary',
  checked_in: 'success',
  called: 'warn',
  served: 'muted',
  cancelled: 'muted',
  no_show: 'danger',
  rescheduled: 'muted',
  rejected: 'danger',
  expired: 'muted',
};

export function StatusChip({ status, label }: { status: string; label: string }) {
  const tone = STATUS_TONES[status as BookingStatus] ?? 'primary';
  return (
    <Text className={`appt-chip appt-chip--${tone}`} data-testid="status-chip" data-status={status}>
      {label}
    </Text>
  );
}

export function InfoRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <View className="appt-info">
      <Text className="appt-info__label">{label}</Text>
      <View className="appt-info__value">{children}</View>
    </View>
  );
}
