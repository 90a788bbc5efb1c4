import { useEffect, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { itemApplicantKind, type AppointmentWaitlistEntry } from '@app/shared';
import { ApiError } from '../../../services/api-client';
import { installSession } from '../../../services/auth';
import {
  createAppointment,
  getTicket,
  listAppointmentHalls,
  newIdempotencyKey,
  rescheduleAppointment,
} from '../../../services/appointments';
import { getItem } from '../../../services/catalog';
import { getMe } from '../../../services/users';
import { useRemote } from '../../../hooks/use-remote';
import { Button } from '../../../components/nut';
import { StatusView } from '../../../components/status-view';
import { reportError, toast } from '../../../utils/confirm';
import { ActionBar } from '../../../components/action-bar';
import { formatChinaTime } from '../../../utils/format';
import {
  MY_APPOINTMENTS_ROUTE,
  REAL_NAME_ROUTE,
  appointmentTicketRoute,
  decodeParam,
} from '../../../utils/routes';
import { MaterialsToBring } from '../components/materials';
import { FlowSteps, InfoRow, RestrictionBanner, restrictionOf, type Restriction } from '../components/parts';
import { formatDay } from '../lib/dates';
import { promptReminderSubscription } from '../lib/subscribe';
import './index.scss';

const addMinutes = (time: string, minutes: number) => {
  const total = Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)) + minutes;
  return `${String(Math.floor(total / 60) % 24).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
};

interface Failure {
  code: string;
  message: string;
  restriction?: Restriction;
}

/** 预约办理 step 4: summary, materials to bring, the reminder subscription, then the booking (or 改约). */
export default function AppointmentConfirmPage() {
  const { params } = useRouter();
  const itemCode = decodeParam(params.itemCode);
  const hallCode = decodeParam(params.hallCode);
  const date = decodeParam(params.date);
  const start = decodeParam(params.start);
  const reschedule = decodeParam(params.reschedule);
  const wantsWaitlist = params.waitlist === '1' && !reschedule;

  // One attempt key per confirm screen: a double tap or a retry answers the same booking.
  const [idempotencyKey] = useState(newIdempotencyKey);
  const busy = useRef(false);
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<Failure>();
  const [waitlisted, setWaitlisted] = useState<AppointmentWaitlistEntry>();
  // 预约主体: 本人 ('self') or an enterprise the person is an active member of.
  const [subject, setSubject] = useState<string>();

  const state = useRemote(async () => {
    if (!itemCode || !hallCode || !date || !start)
      throw new ApiError('NOT_FOUND', '缺少预约信息，请重新选择时段');
    installSession();
    const [halls, item, previous] = await Promise.all([
      listAppointmentHalls(itemCode),
      getItem(itemCode),
      reschedule ? getTicket(reschedule) : Promise.resolve(undefined),
    ]);
    const hall = halls.halls.find((h) => h.code === hallCode);
    if (!hall) throw new ApiError('ITEM_NOT_BOOKABLE', '该事项不能在此大厅预约');
    const kind = itemApplicantKind({ name: item.name, conditions: item.guide.conditions });
    return { hall, item, previous, organisationOnly: kind === 'organisation' };
  }, [itemCode, hallCode, date, start, reschedule]);

  // The person: 实名 (booking needs it unless the hall waived it) and the enterprises they may book
  // for. Loaded again on show: back from 实名信息, this same slot is booked with the new state.
  // Unreadable: nothing is blocked here, the BFF's answer decides.
  const who = useRemote(async () => (reschedule ? undefined : getMe().catch(() => undefined)), [reschedule], {
    refreshOnShow: true,
  });
  const me = who.data;
  const enterprises = (me?.enterprises ?? [])
    .filter((e) => e.status === 'active')
    .map((e) => ({ id: e.enterpriseId, name: e.enterpriseName }));
  const needsRealName =
    !reschedule && !!me && !me.realNameVerified && state.data?.hall.realNameRequired !== false;
  // navigateTo keeps this page (and its slot) under the form; the form goes back here when saved.
  const toRealName = () => void Taro.navigateTo({ url: REAL_NAME_ROUTE });
  const verified = me?.realNameVerified === true;
  useEffect(() => {
    // Back with the profile saved: the old refusal no longer holds.
    if (verified) setFailure((f) => (f?.code === 'BOOKING_REAL_NAME_REQUIRED' ? undefined : f));
  }, [verified]);

  const send = async (joinWaitlist: boolean, subscribed: Promise<void>) => {
    await subscribed;
    if (!itemCode || !hallCode || !date || !start) return;
    try {
      if (reschedule) {
        const ticket = await rescheduleAppointment(reschedule, { date, start }, idempotencyKey);
        toast('改约成功', 'success');
        void Taro.redirectTo({ url: appointmentTicketRoute(ticket.id) });
        return;
      }
      const enterpriseId = chosen !== 'self' ? chosen : undefined;
      const res = await createAppointment(
        {
          itemCode,
          hallCode,
          date,
          start,
          ...(joinWaitlist ? { joinWaitlist: true } : {}),
          ...(enterpriseId ? { enterpriseId } : {}),
        },
        idempotencyKey,
      );
      if (res.outcome === 'booked') {
        toast('预约成功', 'success');
        void Taro.redirectTo({ url: appointmentTicketRoute(res.booking.id) });
      } else {
        setWaitlisted(res.entry);
      }
    } catch (err) {
      // The BFF knew better (e.g. 我的 not read): read the person again, the banner follows.
      if (err instanceof ApiError && err.code === 'BOOKING_REAL_NAME_REQUIRED') who.reload();
      setFailure({
        code: err instanceof ApiError ? err.code : 'INTERNAL',
        message: reportError(err),
        restriction: restrictionOf(err),
      });
    } finally {
      busy.current = false;
      setSubmitting(false);
    }
  };

  /** The tap handler: the subscription prompt FIRST, synchronously (WeChat refuses it after an await). */
  const onSubmit = (joinWaitlist: boolean) => {
    if (busy.current) return;
    busy.current = true;
    const subscribed = promptReminderSubscription();
    setSubmitting(true);
    setFailure(undefined);
    void send(joinWaitlist, subscribed);
  };

  const data = state.data;
  // Default 本人, unless the item is for organisations only (then the first enterprise).
  const chosen = subject ?? (data?.organisationOnly && enterprises[0] ? enterprises[0].id : 'self');
  const end = data ? addMinutes(start ?? '00:00', data.hall.rules.slotMinutes) : '';

  if (waitlisted) {
    return (
      <View className="appt">
        <View className="appt-card appt-confirm__done" data-testid="waitlisted">
          <Text className="appt-title">已加入候补</Text>
          <Text className="appt-text">
            {`${formatDay(waitlisted.date)} ${waitlisted.start}${
              waitlisted.position ? ` · 当前排第 ${waitlisted.position} 位` : ''
            }`}
          </Text>
          <Text className="appt-muted">
            有人取消时，名额将按顺序保留给候补的群众，请留意通知并在保留时间内到“我的预约”确认候补。
          </Text>
        </View>
        <View className="appt-footer">
          <Button type="primary" onClick={() => void Taro.redirectTo({ url: MY_APPOINTMENTS_ROUTE })}>
            查看我的预约
          </Button>
        </View>
      </View>
    );
  }

  return (
    <View className="appt">
      <FlowSteps current={4} reschedule={!!reschedule} />
      <StatusView loading={state.loading} error={state.error} onRetry={state.reload}>
        {data && date && start ? (
          <>
            {data.previous ? (
              <View className="appt-banner appt-banner--warn" data-testid="reschedule-from">
                <Text className="appt-banner__title">改约</Text>
                <Text className="appt-banner__text">
                  {`原预约：${formatDay(data.previous.date)} ${data.previous.start}–${data.previous.end}`}
                </Text>
                <Text className="appt-banner__text">新时段约上之前，原预约保持有效。</Text>
              </View>
            ) : null}
            <View className="appt-card" data-testid="summary">
              <Text className="appt-title">{data.item.name}</Text>
              <InfoRow label="办理大厅">
                <Text>{data.hall.name}</Text>
              </InfoRow>
              <InfoRow label="地址">
                <Text>{data.hall.address}</Text>
              </InfoRow>
              <InfoRow label="日期">
                <Text>{formatDay(date)}</Text>
              </InfoRow>
              <InfoRow label="时段">
                <Text>{`${start}–${end}`}</Text>
              </InfoRow>
              <InfoRow label="窗口">
                <Text>{`${data.hall.windowType}${data.hall.windowName ? `（${data.hall.windowName}）` : ''}`}</Text>
              </InfoRow>
              {wantsWaitlist ? (
                <Text className="appt-confirm__waitlist">
                  该时段已约满：提交后将加入候补名单，有名额时通知您确认。
                </Text>
              ) : null}
            </View>
            {needsRealName ? (
              <View className="appt-banner appt-banner--warn" data-testid="real-name-needed">
                <Text className="appt-banner__title">预约前请先完成实名认证</Text>
                <Text className="appt-banner__text">
                  到窗口办事需核验本人身份。填写实名信息后将回到本页，继续预约这个时段。
                </Text>
              </View>
            ) : null}
            {enterprises.length > 0 && !data.previous ? (
              <View className="appt-card" data-testid="subject">
                <Text className="appt-title">预约主体</Text>
                <View className="appt-choice" role="radiogroup">
                  {[{ id: 'self', name: '本人' }, ...enterprises].map((o) => (
                    <View
                      key={o.id}
                      role="radio"
                      aria-checked={chosen === o.id}
                      className={`appt-choice__item${chosen === o.id ? ' appt-choice__item--active' : ''}`}
                      onClick={() => {
                        if (!submitting) setSubject(o.id);
                      }}
                    >
                      {o.name}
                    </View>
                  ))}
                </View>
                {data.organisationOnly ? (
                  <Text className="appt-muted">该事项面向企业等组织办理，已默认以企业名义预约。</Text>
                ) : (
                  <Text className="appt-muted">以企业名义预约时，企业的其他成员也能看到这条预约。</Text>
                )}
              </View>
            ) : null}
            <View className="appt-card">
              <Text className="appt-title">请携带材料</Text>
              <MaterialsToBring materials={data.item.guide.materials} />
            </View>
            <View className="appt-card">
              <Text className="appt-muted">{`预约规则：${data.hall.rules.text}`}</Text>
              <Text className="appt-muted">
                {`取消或改约须在时段开始 ${data.hall.rules.cancelCutoffMinutes} 分钟前；多次爽约将暂停预约资格。`}
              </Text>
              {process.env.TARO_ENV === 'weapp' ? (
                <Text className="appt-muted">
                  提交时将请您允许“预约提醒”订阅消息（前一天及开始前一小时提醒）。
                </Text>
              ) : null}
            </View>

            {failure?.restriction ? <RestrictionBanner restriction={failure.restriction} /> : null}
            {data.previous && !data.previous.cancellable ? (
              <Text className="appt-error">
                {`原预约已过改约截止时间（${formatChinaTime(data.previous.cancelDeadline, { withDate: true })}）`}
              </Text>
            ) : null}
          </>
        ) : null}
      </StatusView>
      {data ? (
        <ActionBar
          error={failure && !failure.restriction ? failure.message : undefined}
          errorActions={
            failure?.code === 'SLOT_FULL' && !reschedule ? (
              <>
                <Button size="small" type="warning" disabled={submitting} onClick={() => onSubmit(true)}>
                  加入候补
                </Button>
                <Button size="small" type="default" onClick={() => void Taro.navigateBack()}>
                  换个时段
                </Button>
              </>
            ) : failure?.code === 'BOOKING_REAL_NAME_REQUIRED' && !needsRealName ? (
              <Button size="small" type="primary" onClick={toRealName}>
                去实名认证
              </Button>
            ) : failure?.code === 'BOOKING_DUPLICATE' ? (
              <Button
                size="small"
                type="primary"
                fill="outline"
                onClick={() => void Taro.redirectTo({ url: MY_APPOINTMENTS_ROUTE })}
              >
                查看我的预约
              </Button>
            ) : null
          }
        >
          {needsRealName ? (
            <Button type="primary" className="appt-confirm__real-name" onClick={toRealName}>
              去实名认证
            </Button>
          ) : (
            <Button
              type="primary"
              className="appt-confirm__submit"
              disabled={
                submitting || !!failure?.restriction || (!!data.previous && !data.previous.cancellable)
              }
              loading={submitting}
              onClick={() => onSubmit(wantsWaitlist)}
            >
              {reschedule ? '确认改约' : wantsWaitlist ? '确认候补' : '确认预约'}
            </Button>
          )}
        </ActionBar>
      ) : null}
    </View>
  );
}
