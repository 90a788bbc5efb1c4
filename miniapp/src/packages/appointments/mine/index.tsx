import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { AppointmentWaitlistEntry, MyAppointmentsResponse, Ticket } from '@app/shared';
import { errorMessage } from '../../../services/api-client';
import { installSession } from '../../../services/auth';
import { claimWaitlist, leaveWaitlist, myAppointments } from '../../../services/appointments';
import { Button } from '../../../components/nut';
import { StatusView } from '../../../components/status-view';
import { confirmAction, toast } from '../../../utils/confirm';
import { formatChinaTime } from '../../../utils/format';
import { TAB_ROUTES, appointmentTicketRoute } from '../../../utils/routes';
import { RestrictionBanner, StatusChip } from '../components/parts';
import { formatDay } from '../lib/dates';
import './index.scss';

type Tab = 'upcoming' | 'past';

function BookingRow({ t }: { t: Ticket }) {
  return (
    <View
      className="appt-card appt-mine__row"
      hoverClass="appt-card--pressed"
      data-testid="booking-row"
      onClick={() => void Taro.navigateTo({ url: appointmentTicketRoute(t.id) })}
    >
      <View className="appt-mine__row-head">
        <Text className="appt-title appt-mine__name">{t.item.name}</Text>
        <StatusChip status={t.status} label={t.statusLabel} />
      </View>
      <Text className="appt-text">{`${formatDay(t.date)} ${t.start}–${t.end}`}</Text>
      <Text className="appt-muted">{t.hall.name}</Text>
      {t.enterprise ? <Text className="appt-muted">{`代企业预约：${t.enterprise.name}`}</Text> : null}
      {t.queueNo ? <Text className="appt-muted">{`排队号 ${t.queueNo}`}</Text> : null}
    </View>
  );
}

function WaitlistRow({
  e,
  busy,
  onClaim,
  onLeave,
}: {
  e: AppointmentWaitlistEntry;
  busy: boolean;
  onClaim: () => void;
  onLeave: () => void;
}) {
  return (
    <View className="appt-card" data-testid="waitlist-row" data-status={e.status}>
      <View className="appt-mine__row-head">
        <Text className="appt-title appt-mine__name">{e.item.name}</Text>
        <Text className={`appt-chip appt-chip--${e.status === 'offered' ? 'warn' : 'muted'}`}>
          {e.statusLabel}
        </Text>
      </View>
      <Text className="appt-text">{`${formatDay(e.date)} ${e.start} · ${e.windowType}`}</Text>
      {e.status === 'waiting' && e.position ? (
        <Text className="appt-muted">{`候补第 ${e.position} 位`}</Text>
      ) : null}
      {e.status === 'offered' && e.offerExpiresAt ? (
        <Text className="appt-mine__offer">
          {`有名额为您保留，请在 ${formatChinaTime(e.offerExpiresAt, { withDate: true })} 前确认`}
        </Text>
      ) : null}
      {e.status === 'expired' ? <Text className="appt-muted">保留时间已过，名额已顺延给下一位</Text> : null}
      {e.status === 'offered' || e.status === 'waiting' ? (
        <View className="appt-banner__actions">
          {e.status === 'offered' ? (
            <Button size="small" type="primary" disabled={busy} loading={busy} onClick={onClaim}>
              确认候补
            </Button>
          ) : null}
          <Button size="small" type="default" fill="outline" disabled={busy} onClick={onLeave}>
            退出候补
          </Button>
        </View>
      ) : null}
    </View>
  );
}

/** 我的预约: upcoming and past bookings, the waiting list (确认候补), the restriction if any. */
export default function MyAppointmentsPage() {
  const [data, setData] = useState<MyAppointmentsResponse>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('upcoming');
  const [busyId, setBusyId] = useState<string>();
  const loadId = useRef(0);

  const load = useCallback(async () => {
    installSession();
    const n = ++loadId.current;
    setLoading(true);
    setError(null);
    try {
      const res = await myAppointments();
      if (n === loadId.current) setData(res);
    } catch (err) {
      if (n === loadId.current) setError(errorMessage(err));
    } finally {
      if (n === loadId.current) setLoading(false);
    }
  }, []);

  useDidShow(() => {
    void load();
  });

  const onClaim = async (e: AppointmentWaitlistEntry) => {
    setBusyId(e.id);
    try {
      const ticket = await claimWaitlist(e.id);
      toast('候补成功，已为您预约', 'success');
      void Taro.navigateTo({ url: appointmentTicketRoute(ticket.id) });
      void load();
    } catch (err) {
      toast(errorMessage(err));
      void load();
    } finally {
      setBusyId(undefined);
    }
  };

  const onLeave = async (e: AppointmentWaitlistEntry) => {
    if (!(await confirmAction('退出候补', `确定不再候补 ${formatDay(e.date)} ${e.start} 吗？`))) return;
    setBusyId(e.id);
    try {
      await leaveWaitlist(e.id);
      toast('已退出候补', 'success');
      void load();
    } catch (err) {
      toast(errorMessage(err));
    } finally {
      setBusyId(undefined);
    }
  };

  const list = data ? data[tab] : [];
  return (
    <View className="appt appt-mine">
      <View className="appt-mine__tabs">
        {(
          [
            ['upcoming', '待办理'],
            ['past', '历史预约'],
          ] as const
        ).map(([key, label]) => (
          <Text
            key={key}
            className={`appt-mine__tab${tab === key ? ' appt-mine__tab--active' : ''}`}
            data-testid={`tab-${key}`}
            onClick={() => setTab(key)}
          >
            {`${label}${data ? ` (${data[key].length})` : ''}`}
          </Text>
        ))}
      </View>
      <StatusView loading={loading && !data} error={data ? null : error} onRetry={() => void load()}>
        {data ? (
          <>
            {data.restriction ? <RestrictionBanner restriction={data.restriction} /> : null}
            {tab === 'upcoming' && data.waitlist.length ? (
              <>
                <Text className="appt-section-title">候补</Text>
                {data.waitlist.map((e) => (
                  <WaitlistRow
                    key={e.id}
                    e={e}
                    busy={busyId === e.id}
                    onClaim={() => void onClaim(e)}
                    onLeave={() => void onLeave(e)}
                  />
                ))}
                <Text className="appt-section-title">预约</Text>
              </>
            ) : null}
            {list.length ? (
              list.map((t) => <BookingRow key={t.id} t={t} />)
            ) : (
              <View className="appt-mine__empty">
                <Text className="appt-muted">{tab === 'upcoming' ? '暂无待办理的预约' : '暂无历史预约'}</Text>
                {tab === 'upcoming' ? (
                  <Text
                    className="appt-link"
                    onClick={() => void Taro.switchTab({ url: TAB_ROUTES.catalog })}
                  >
                    去办事指南预约 ›
                  </Text>
                ) : null}
              </View>
            )}
          </>
        ) : null}
      </StatusView>
    </View>
  );
}
