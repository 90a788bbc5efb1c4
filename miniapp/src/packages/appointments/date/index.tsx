import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { AvailabilityDay } from '@app/shared';
import { ApiError } from '../../../services/api-client';
import { installSession } from '../../../services/auth';
import { getAvailability } from '../../../services/appointments';
import { useRemote } from '../../../hooks/use-remote';
import { StatusView } from '../../../components/status-view';
import { formatChinaTime } from '../../../utils/format';
import { appointmentSlotRoute, decodeParam } from '../../../utils/routes';
import { FlowSteps } from '../components/parts';
import {
  WEEK_HEADER,
  chinaToday,
  monthGrid,
  monthLabel,
  monthOf,
  monthRange,
  shiftMonth,
} from '../lib/dates';
import './index.scss';

/** How far ahead the calendar pages (booking opens a few days ahead; two months covers any rule). */
const MONTHS_AHEAD = 2;

/** open: seats left · full: waiting list only · closed: not bookable now · off: not a working day. */
type DayState = 'open' | 'full' | 'closed' | 'off' | 'past';

interface Cell {
  state: DayState;
  label: string;
  badge?: string;
}

function cellOf(day: AvailabilityDay | undefined, date: string, today: string, reschedule: boolean): Cell {
  const badge = day?.kind === 'makeup_workday' ? '班' : day?.kind === 'holiday' ? '休' : undefined;
  if (!day) return { state: date < today ? 'past' : 'off', label: '' };
  if (!day.isWorkingDay) {
    const label = day.kind === 'closure' ? '闭馆' : day.kind === 'holiday' ? (day.note ?? '节假日') : '休息';
    return { state: 'off', label, badge };
  }
  if (date < today) return { state: 'past', label: '', badge };
  if (!day.bookable) {
    const notYet = day.opensAt && new Date(day.opensAt).getTime() > Date.now();
    return { state: 'closed', label: notYet ? '未开放' : '已截止', badge };
  }
  if (day.capacity <= 0) return { state: 'closed', label: '停约', badge };
  if (day.seatsLeft <= 0)
    return reschedule
      ? { state: 'closed', label: '已满', badge }
      : { state: 'full', label: '已满·候补', badge };
  return { state: 'open', label: `余${day.seatsLeft}`, badge };
}

/** 预约办理 step 2: a month calendar of working days, holidays (调休, closures) and seats left. */
export default function AppointmentDatePage() {
  const { params } = useRouter();
  const itemCode = decodeParam(params.itemCode);
  const hallCode = decodeParam(params.hallCode);
  const reschedule = decodeParam(params.reschedule);
  const today = chinaToday();
  const [month, setMonth] = useState(monthOf(today));

  const state = useRemote(
    () => {
      if (!itemCode || !hallCode)
        return Promise.reject(new ApiError('NOT_FOUND', '缺少事项或大厅，请重新选择'));
      installSession();
      return getAvailability({ itemCode, hallCode, ...monthRange(month) });
    },
    [itemCode, hallCode, month],
    { refreshOnShow: true },
  );

  const byDate = new Map((state.data?.days ?? []).map((d) => [d.date, d]));
  const firstMonth = monthOf(today);
  const lastMonth = shiftMonth(firstMonth, MONTHS_AHEAD);
  const opensLater = (state.data?.days ?? []).find(
    (d) => d.isWorkingDay && !d.bookable && d.opensAt && new Date(d.opensAt).getTime() > Date.now(),
  );

  const pick = (date: string) => {
    if (!itemCode || !hallCode) return;
    void Taro.navigateTo({ url: appointmentSlotRoute({ itemCode, hallCode, date, reschedule }) });
  };

  return (
    <View className="appt">
      <FlowSteps current={2} reschedule={!!reschedule} />
      <View className="appt-card appt-cal" data-testid="calendar">
        <View className="appt-cal__nav">
          <Text
            className={`appt-cal__arrow${month <= firstMonth ? ' appt-cal__arrow--disabled' : ''}`}
            aria-disabled={month <= firstMonth ? 'true' : undefined}
            onClick={month <= firstMonth ? undefined : () => setMonth((m) => shiftMonth(m, -1))}
          >
            ‹ 上月
          </Text>
          <Text className="appt-cal__month" data-testid="calendar-month">
            {monthLabel(month)}
          </Text>
          <Text
            className={`appt-cal__arrow${month >= lastMonth ? ' appt-cal__arrow--disabled' : ''}`}
            aria-disabled={month >= lastMonth ? 'true' : undefined}
            onClick={month >= lastMonth ? undefined : () => setMonth((m) => shiftMonth(m, 1))}
          >
            下月 ›
          </Text>
        </View>
        <View className="appt-cal__week">
          {WEEK_HEADER.map((w) => (
            <Text key={w} className="appt-cal__weekday">
              {w}
            </Text>
          ))}
        </View>
        <StatusView compact loading={state.loading} error={state.error} onRetry={state.reload}>
          {monthGrid(month).map((week, i) => (
            <View key={i} className="appt-cal__row">
              {week.map((date, j) => {
                if (!date) return <View key={j} className="appt-cal__day appt-cal__day--blank" />;
                const cell = cellOf(byDate.get(date), date, today, !!reschedule);
                const tappable = cell.state === 'open' || cell.state === 'full';
                return (
                  <View
                    key={date}
                    className={`appt-cal__day appt-cal__day--${cell.state}${date === today ? ' appt-cal__day--today' : ''}`}
                    data-testid={`day-${date}`}
                    data-state={cell.state}
                    aria-disabled={tappable ? undefined : 'true'}
                    onClick={tappable ? () => pick(date) : undefined}
                  >
                    {cell.badge ? <Text className="appt-cal__badge">{cell.badge}</Text> : null}
                    <Text className="appt-cal__num">{Number(date.slice(8))}</Text>
                    <Text className="appt-cal__label">{cell.label}</Text>
                  </View>
                );
              })}
            </View>
          ))}
        </StatusView>
      </View>
      <View className="appt-cal__legend">
        <Text className="appt-cal__key appt-cal__key--open">余N 可预约</Text>
        <Text className="appt-cal__key appt-cal__key--full">已满 可排队候补</Text>
        <Text className="appt-cal__key appt-cal__key--closed">未开放 / 已截止</Text>
        <Text className="appt-cal__key appt-cal__key--off">休息日 · 节假日 · 闭馆</Text>
        <Text className="appt-cal__key">“班”为调休上班日，“休”为法定节假日</Text>
      </View>
      {opensLater?.opensAt ? (
        <Text className="appt-muted appt-cal__hint">
          {`${opensLater.date} 的号源将于 ${formatChinaTime(opensLater.opensAt, { withDate: true })} 开放`}
        </Text>
      ) : null}
    </View>
  );
}
