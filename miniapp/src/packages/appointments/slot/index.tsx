import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { SlotOption, SlotsResponse } from '@app/shared';
import { ApiError } from '../../../services/api-client';
import { installSession } from '../../../services/auth';
import { getSlots } from '../../../services/appointments';
import { useRemote } from '../../../hooks/use-remote';
import { Button } from '../../../components/nut';
import { StatusView } from '../../../components/status-view';
import { formatChinaTime } from '../../../utils/format';
import { appointmentConfirmRoute, decodeParam } from '../../../utils/routes';
import { FlowSteps } from '../components/parts';
import { formatDay } from '../lib/dates';
import './index.scss';

type SlotState = 'open' | 'full' | 'closed';

/** The day's booking window is open now (from the answer's opensAt / closesAt). */
function windowOpen(res: SlotsResponse): boolean {
  const now = Date.now();
  if (res.opensAt && new Date(res.opensAt).getTime() > now) return false;
  if (res.closesAt && new Date(res.closesAt).getTime() <= now) return false;
  return res.isWorkingDay;
}

function stateOf(slot: SlotOption, res: SlotsResponse): SlotState {
  if (slot.closed || slot.capacity <= 0) return 'closed';
  if (slot.seatsLeft > 0) return slot.bookable ? 'open' : 'closed';
  return slot.bookable || windowOpen(res) ? 'full' : 'closed';
}

/** 预约办理 step 3: the day's time ranges with seats left; a full one offers 排队候补. */
export default function AppointmentSlotPage() {
  const { params } = useRouter();
  const itemCode = decodeParam(params.itemCode);
  const hallCode = decodeParam(params.hallCode);
  const date = decodeParam(params.date);
  const reschedule = decodeParam(params.reschedule);

  const state = useRemote(
    () => {
      if (!itemCode || !hallCode || !date)
        return Promise.reject(new ApiError('NOT_FOUND', '缺少预约信息，请重新选择日期'));
      installSession();
      return getSlots({ itemCode, hallCode, date });
    },
    [itemCode, hallCode, date],
    { refreshOnShow: true },
  );
  const res = state.data;

  const go = (start: string, waitlist: boolean) => {
    if (!itemCode || !hallCode || !date) return;
    void Taro.navigateTo({
      url: appointmentConfirmRoute({
        itemCode,
        hallCode,
        date,
        start,
        reschedule,
        waitlist: waitlist ? '1' : undefined,
      }),
    });
  };

  return (
    <View className="appt">
      <FlowSteps current={3} reschedule={!!reschedule} />
      {date ? <Text className="appt-section-title">{formatDay(date)}</Text> : null}
      <StatusView
        loading={state.loading}
        error={state.error}
        onRetry={state.reload}
        empty={!!res && res.slots.length === 0}
        emptyText={
          res && !res.isWorkingDay ? `当天不办公${res.note ? `（${res.note}）` : ''}` : '当天没有可预约的时段'
        }
      >
        {res ? (
          <>
            {res.note ? <Text className="appt-muted appt-slot__note">{res.note}</Text> : null}
            {res.closesAt ? (
              <Text className="appt-muted appt-slot__note">
                {`预约截止：${formatChinaTime(res.closesAt, { withDate: true })}`}
              </Text>
            ) : null}
            {res.slots.map((slot) => {
              const s = stateOf(slot, res);
              const disabled = s === 'closed' || (s === 'full' && !!reschedule);
              return (
                <View
                  key={slot.start}
                  className={`appt-card appt-slot appt-slot--${s}${disabled ? ' appt-card--disabled' : ''}`}
                  hoverClass={s === 'open' ? 'appt-card--pressed' : 'none'}
                  data-testid={`slot-${slot.start}`}
                  data-state={s}
                  aria-disabled={disabled ? 'true' : undefined}
                  onClick={s === 'open' ? () => go(slot.start, false) : undefined}
                >
                  <View className="appt-slot__main">
                    <Text className="appt-slot__time">{`${slot.start}–${slot.end}`}</Text>
                    <Text className="appt-slot__seats">
                      {s === 'open'
                        ? `余 ${slot.seatsLeft} 个号`
                        : s === 'full'
                          ? `已满${slot.waiting ? ` · ${slot.waiting} 人候补中` : ''}`
                          : (slot.closedReason ?? (slot.closed ? '已停约' : '不可预约'))}
                    </Text>
                  </View>
                  {s === 'open' ? <Text className="appt-slot__go">预约 ›</Text> : null}
                  {s === 'full' && !reschedule ? (
                    <Button size="small" type="warning" fill="outline" onClick={() => go(slot.start, true)}>
                      排队候补
                    </Button>
                  ) : null}
                </View>
              );
            })}
          </>
        ) : null}
      </StatusView>
    </View>
  );
}
