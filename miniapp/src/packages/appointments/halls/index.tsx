import { useEffect } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { AppointmentHall } from '@app/shared';
import { ApiError } from '../../../services/api-client';
import { installSession } from '../../../services/auth';
import { listAppointmentHalls, myAppointments } from '../../../services/appointments';
import { useRemote } from '../../../hooks/use-remote';
import { StatusView } from '../../../components/status-view';
import { appointmentDateRoute, decodeParam } from '../../../utils/routes';
import { FlowSteps, RestrictionBanner } from '../components/parts';
import './index.scss';

async function load(itemCode: string | undefined) {
  if (!itemCode) throw new ApiError('NOT_FOUND', '缺少事项编码，请从办事指南进入');
  installSession();
  const [halls, mine] = await Promise.all([
    listAppointmentHalls(itemCode),
    // Best effort: only for the restriction banner (the booking itself is refused server-side anyway).
    myAppointments().catch(() => undefined),
  ]);
  return { halls, restriction: mine?.restriction };
}

function HallCard({
  hall,
  disabled,
  onPick,
}: {
  hall: AppointmentHall;
  disabled: boolean;
  onPick: () => void;
}) {
  return (
    <View
      className={`appt-card appt-hall${disabled ? ' appt-card--disabled' : ''}`}
      hoverClass={disabled ? 'none' : 'appt-card--pressed'}
      aria-disabled={disabled ? 'true' : undefined}
      data-testid="appt-hall"
      onClick={disabled ? undefined : onPick}
    >
      <View className="appt-hall__head">
        <Text className="appt-title appt-hall__name">{hall.name}</Text>
        {disabled ? null : <Text className="appt-hall__go">选择 ›</Text>}
      </View>
      <Text className="appt-text">{`地址：${hall.address}`}</Text>
      <Text className="appt-muted">{`办公时间：${hall.openingHours}`}</Text>
      <Text className="appt-muted">
        {`办理窗口：${hall.windowType}${hall.windowName ? `（${hall.windowName}）` : ''}`}
      </Text>
      {hall.sessions.length ? (
        <Text className="appt-muted">
          {`可约时段：${hall.sessions.map((s) => `${s.start}–${s.end}`).join('，')}（每 ${hall.rules.slotMinutes} 分钟一档）`}
        </Text>
      ) : null}
      <Text className="appt-hall__rules">{`预约规则：${hall.rules.text}`}</Text>
    </View>
  );
}

/** 预约办理 step 1: the halls where the item can be booked, with address and booking rules. */
export default function AppointmentHallsPage() {
  const { params } = useRouter();
  const itemCode = decodeParam(params.itemCode);
  const state = useRemote(() => load(itemCode), [itemCode]);
  const data = state.data;

  useEffect(() => {
    if (data) void Taro.setNavigationBarTitle({ title: `预约 · ${data.halls.item.name}` });
  }, [data]);

  return (
    <View className="appt">
      <FlowSteps current={1} />
      <StatusView
        loading={state.loading}
        error={state.error}
        onRetry={state.reload}
        empty={!!data && data.halls.halls.length === 0}
        emptyText="该事项暂无可预约的大厅"
      >
        {data ? (
          <>
            <View className="appt-card">
              <Text className="appt-title">{data.halls.item.name}</Text>
              <Text className="appt-muted">请选择办理大厅</Text>
            </View>
            {data.restriction ? <RestrictionBanner restriction={data.restriction} /> : null}
            {data.halls.halls.map((hall) => (
              <HallCard
                key={hall.code}
                hall={hall}
                disabled={!!data.restriction}
                onPick={() =>
                  void Taro.navigateTo({
                    url: appointmentDateRoute({ itemCode: data.halls.item.code, hallCode: hall.code }),
                  })
                }
              />
            ))}
          </>
        ) : null}
      </StatusView>
    </View>
  );
}
