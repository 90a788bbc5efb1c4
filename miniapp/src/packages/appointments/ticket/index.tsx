import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidHide, useDidShow, useUnload } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { QueuePosition, Ticket } from '@app/shared';
import { errorMessage } from '../../../services/api-client';
import { installSession } from '../../../services/auth';
import { cancelAppointment, getQueuePosition, getTicket } from '../../../services/appointments';
import { Button } from '../../../components/nut';
import { RatingCard } from '../../../components/rating-card';
import { StatusView } from '../../../components/status-view';
import { confirmAction, toast } from '../../../utils/confirm';
import { formatChinaTime } from '../../../utils/format';
import {
  MY_APPOINTMENTS_ROUTE,
  appointmentDateRoute,
  appointmentTicketRoute,
  complaintNewRoute,
} from '../../../utils/routes';
import { MaterialsToBring } from '../components/materials';
import { InfoRow, StatusChip } from '../components/parts';
import { QrCode } from '../components/qr-code';
import { chinaToday, formatDay } from '../lib/dates';
import { RequireRouteParam } from '../../../components/missing-record';
import './index.scss';

/** How often the ticket asks for its queue position while shown. */
export const POSITION_POLL_MS = 5000;

/** Worth polling: checked in / called, or booked for today (staff may check it in at any moment). */
function shouldPoll(t: Ticket): boolean {
  return (
    t.status === 'checked_in' || t.status === 'called' || (t.status === 'booked' && t.date === chinaToday())
  );
}

function merge(t: Ticket, p: QueuePosition): Ticket {
  return {
    ...t,
    status: p.status,
    statusLabel: p.statusLabel,
    queueNo: p.queueNo ?? t.queueNo,
    ahead: p.ahead,
    calledWindow: p.calledWindow ?? t.calledWindow,
    cancellable: p.status === 'booked' ? t.cancellable : false,
  };
}

function QueueCard({ ticket }: { ticket: Ticket }) {
  if (!ticket.queueNo) return null;
  return (
    <View className="appt-card appt-ticket__queue" data-testid="queue">
      <Text className="appt-muted">排队号</Text>
      <Text className="appt-ticket__queue-no" data-testid="queue-no">
        {ticket.queueNo}
      </Text>
      {ticket.status === 'called' ? (
        <Text className="appt-ticket__called">{`请到 ${ticket.calledWindow ?? '窗口'} 办理`}</Text>
      ) : ticket.status === 'checked_in' ? (
        <Text className="appt-text" data-testid="ahead">
          {ticket.ahead ? `前面还有 ${ticket.ahead} 人` : '下一位就是您，请留意叫号'}
        </Text>
      ) : null}
    </View>
  );
}

/** 预约凭证: code, QR code, hall, time, materials; after check-in the queue number and position (polled). */
function AppointmentTicket({ id }: { id: string }) {
  const [ticket, setTicket] = useState<Ticket>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const timer = useRef<ReturnType<typeof setInterval>>();
  const ticketRef = useRef<Ticket>();
  ticketRef.current = ticket;

  const stopPolling = useCallback(() => {
    if (timer.current !== undefined) clearInterval(timer.current);
    timer.current = undefined;
  }, []);

  const poll = useCallback(async () => {
    const current = ticketRef.current;
    if (!current) return;
    try {
      const position = await getQueuePosition(id);
      setTicket((t) => (t ? merge(t, position) : t));
      if (!shouldPoll({ ...current, status: position.status })) stopPolling();
    } catch {
      /* a missed beat: the next one tries again */
    }
  }, [id, stopPolling]);

  const startPolling = useCallback(() => {
    const current = ticketRef.current;
    if (timer.current !== undefined || !current || !shouldPoll(current)) return;
    timer.current = setInterval(() => void poll(), POSITION_POLL_MS);
  }, [poll]);

  const load = useCallback(async () => {
    installSession();
    setLoading(true);
    setError(null);
    try {
      const t = await getTicket(id);
      ticketRef.current = t;
      setTicket(t);
      startPolling();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, [id, startPolling]);

  useDidShow(() => {
    if (ticketRef.current) {
      void poll();
      startPolling();
    } else void load();
  });
  useDidHide(stopPolling);
  useUnload(stopPolling);
  useEffect(() => stopPolling, [stopPolling]);

  const onCancel = async () => {
    if (!ticket) return;
    const deadline = formatChinaTime(ticket.cancelDeadline, { withDate: true });
    const ok = await confirmAction(
      '取消预约',
      `确定取消 ${formatDay(ticket.date)} ${ticket.start} 的预约吗？取消截止：${deadline}。取消后名额将让给候补的群众。`,
      '确认取消',
      '再想想',
    );
    if (!ok) return;
    setBusy(true);
    try {
      const t = await cancelAppointment(ticket.id);
      stopPolling();
      setTicket(t);
      toast('已取消预约', 'success');
    } catch (err) {
      toast(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const onReschedule = () => {
    if (!ticket) return;
    void Taro.navigateTo({
      url: appointmentDateRoute({
        itemCode: ticket.item.code,
        hallCode: ticket.hall.code,
        reschedule: ticket.id,
      }),
    });
  };

  return (
    <View className="appt appt-ticket">
      <StatusView loading={loading} error={error} onRetry={() => void load()}>
        {ticket ? (
          <>
            <View className="appt-card appt-ticket__head" data-testid="ticket">
              <View className="appt-ticket__title-row">
                <Text className="appt-title">{ticket.item.name}</Text>
                <StatusChip status={ticket.status} label={ticket.statusLabel} />
              </View>
              <Text className="appt-muted">预约码（到大厅出示或报给工作人员）</Text>
              <Text className="appt-ticket__code" data-testid="booking-code">
                {ticket.code}
              </Text>
              {ticket.status === 'booked' || ticket.status === 'checked_in' || ticket.status === 'called' ? (
                <QrCode payload={ticket.qrPayload} caption="工作人员扫码签到" />
              ) : null}
            </View>
            <QueueCard ticket={ticket} />
            {ticket.status === 'checked_in' || ticket.status === 'called' || ticket.status === 'served' ? (
              <RatingCard kind="appointment" id={ticket.id} />
            ) : null}
            {ticket.rescheduledTo ? (
              <View className="appt-banner appt-banner--warn">
                <Text className="appt-banner__text">该预约已改约。</Text>
                <Text
                  className="appt-link"
                  onClick={() => void Taro.redirectTo({ url: appointmentTicketRoute(ticket.rescheduledTo!) })}
                >
                  查看新预约 ›
                </Text>
              </View>
            ) : null}
            <View className="appt-card">
              {ticket.enterprise ? (
                <InfoRow label="预约主体">
                  <Text data-testid="ticket-enterprise">{ticket.enterprise.name}</Text>
                </InfoRow>
              ) : null}
              {ticket.bookedByName ? (
                <InfoRow label="预约人">
                  <Text>{ticket.bookedByName}</Text>
                </InfoRow>
              ) : null}
              <InfoRow label="办理大厅">
                <Text>{ticket.hall.name}</Text>
              </InfoRow>
              <InfoRow label="地址">
                <Text>{ticket.hall.address}</Text>
              </InfoRow>
              <InfoRow label="日期">
                <Text>{formatDay(ticket.date)}</Text>
              </InfoRow>
              <InfoRow label="时段">
                <Text>{`${ticket.start}–${ticket.end}`}</Text>
              </InfoRow>
              <InfoRow label="窗口">
                <Text>{ticket.windowType}</Text>
              </InfoRow>
            </View>
            {ticket.notices.length ? (
              <View className="appt-card" data-testid="notices">
                <Text className="appt-title">通知</Text>
                {ticket.notices.map((n, i) => (
                  <View key={i} className="appt-ticket__notice">
                    <Text className="appt-text">{n.message}</Text>
                    <Text className="appt-muted">{formatChinaTime(n.at, { withDate: true })}</Text>
                  </View>
                ))}
              </View>
            ) : null}
            <View className="appt-card">
              <Text className="appt-title">请携带材料</Text>
              <MaterialsToBring materials={ticket.materials} />
            </View>
            <Text
              className="appt-muted appt-ticket__deadline"
              data-testid="complain-appointment"
              onClick={() =>
                void Taro.navigateTo({
                  url: complaintNewRoute({
                    subject: 'appointment',
                    id: ticket.id,
                    label: `预约 ${ticket.date} ${ticket.start} ${ticket.hall.name}`,
                  }),
                })
              }
            >
              对该预约投诉或建议
            </Text>
            {ticket.status === 'booked' ? (
              <Text className="appt-muted appt-ticket__deadline">
                {ticket.cancellable
                  ? `可在 ${formatChinaTime(ticket.cancelDeadline, { withDate: true })} 前取消或改约`
                  : `已过取消和改约的截止时间（${formatChinaTime(ticket.cancelDeadline, { withDate: true })}）`}
              </Text>
            ) : null}
          </>
        ) : null}
      </StatusView>
      <View className="appt-footer">
        {ticket?.status === 'booked' && ticket.cancellable ? (
          <>
            <Button
              type="default"
              fill="outline"
              disabled={busy}
              loading={busy}
              onClick={() => void onCancel()}
            >
              取消预约
            </Button>
            <Button type="primary" disabled={busy} onClick={onReschedule}>
              改约
            </Button>
          </>
        ) : (
          <Button
            type="primary"
            fill="outline"
            onClick={() => void Taro.redirectTo({ url: MY_APPOINTMENTS_ROUTE })}
          >
            我的预约
          </Button>
        )}
      </View>
    </View>
  );
}

/** The page: without its id (a cut link) it says so and leads back to its list, asking nothing. */
export default function AppointmentTicketPage() {
  return (
    <RequireRouteParam name="id" listRoute={MY_APPOINTMENTS_ROUTE} listLabel="返回我的预约">
      {(id) => <AppointmentTicket id={id} />}
    </RequireRouteParam>
  );
}
