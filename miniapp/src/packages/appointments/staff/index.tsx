import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import {
  WINDOW_TYPES,
  callNextBodySchema,
  checkInBodySchema,
  type CheckInResponse,
  type StaffAppointmentRow,
  type WindowType,
} from '@app/shared';
import { errorMessage } from '../../../services/api-client';
import { installSession, isStaffRole, readSession } from '../../../services/auth';
import {
  callNext,
  checkIn,
  markServed,
  revealBookingPerson,
  staffAppointments,
} from '../../../services/appointments';
import { FormField } from '../../../components/form-field';
import { IdentityReveal } from '../../../components/identity-reveal';
import { Button } from '../../../components/nut';
import { StatusView } from '../../../components/status-view';
import { toast } from '../../../utils/confirm';
import { STAFF_LOGIN_ROUTE } from '../../../utils/routes';
import { StatusChip } from '../components/parts';
import { staffCapacityRoute } from '../lib/capacity';
import { addDays, chinaToday, formatDay } from '../lib/dates';
import { loadStaffHalls, type HallRef } from '../lib/staff-halls';
import './index.scss';

function BookingLine({
  row,
  busy,
  onServed,
}: {
  row: StaffAppointmentRow;
  busy: boolean;
  onServed: () => void;
}) {
  return (
    <View className="appt-card appt-staff__row" data-testid="staff-row" data-status={row.status}>
      <View className="appt-staff__row-head">
        <Text className="appt-staff__time">{`${row.start}–${row.end}`}</Text>
        <Text className="appt-staff__code">{row.code}</Text>
        <StatusChip status={row.status} label={row.statusLabel} />
      </View>
      <Text className="appt-text">{row.item.name}</Text>
      <Text className="appt-muted">
        {`${row.personName || '未实名'}${row.personPhone ? ` · ${row.personPhone}` : ''} · ${row.windowType}`}
      </Text>
      {row.queueNo ? (
        <Text className="appt-staff__queue">
          {`排队号 ${row.queueNo}${row.calledWindow ? ` · ${row.calledWindow}` : ''}`}
        </Text>
      ) : null}
      {row.status === 'called' || row.status === 'checked_in' ? (
        <>
          {row.personName ? (
            <IdentityReveal
              key={row.id}
              reveal={() => revealBookingPerson(row.id)}
              hint="核对本人：姓名已打码，可查看全名和身份证号后 4 位（将记入审计日志）。"
              testId={`row-identity-${row.code}`}
            />
          ) : null}
          <View className="appt-banner__actions">
            <Button size="small" type="success" disabled={busy} loading={busy} onClick={onServed}>
              办结
            </Button>
          </View>
        </>
      ) : null}
    </View>
  );
}

/** 工作台 · 预约签到: today's bookings of the staff member's hall, check-in (code or scan), 叫号, 办结. */
export default function StaffAppointmentsPage() {
  const [halls, setHalls] = useState<HallRef[]>();
  const [hallCode, setHallCode] = useState<string>();
  const [rows, setRows] = useState<StaffAppointmentRow[]>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string>();
  const [checking, setChecking] = useState(false);
  const [checked, setChecked] = useState<CheckInResponse>();
  const [windowType, setWindowType] = useState<WindowType>('综合受理');
  const [windowName, setWindowName] = useState('');
  const [windowError, setWindowError] = useState<string>();
  const [calling, setCalling] = useState(false);
  const [called, setCalled] = useState<string>();
  const [servingId, setServingId] = useState<string>();
  const today = chinaToday();
  // The day's bookings list can look at other days too (tomorrow's, yesterday's no-shows).
  const [day, setDay] = useState(today);
  const hallRef = useRef<string>();
  hallRef.current = hallCode;

  const loadRows = useCallback(
    async (hall: string) => {
      const res = await staffAppointments({ hallCode: hall, date: day });
      setRows(res.items);
    },
    [day],
  );

  const load = useCallback(async () => {
    installSession();
    if (!isStaffRole(readSession()?.user.role)) {
      void Taro.redirectTo({ url: STAFF_LOGIN_ROUTE });
      return;
    }
    setLoading(true);
    setError(null);
    try {
      const mine = await loadStaffHalls();
      setHalls(mine);
      const current = hallRef.current;
      const hall = current && mine.some((h) => h.code === current) ? current : mine[0]?.code;
      setHallCode(hall);
      if (hall) await loadRows(hall);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, [loadRows]);

  useDidShow(() => {
    void load();
  });

  // Another day picked: its list (the first render's list comes with `load`).
  const firstDay = useRef(true);
  useEffect(() => {
    if (firstDay.current) {
      firstDay.current = false;
      return;
    }
    const hall = hallRef.current;
    if (!hall) return;
    setRows(undefined);
    setLoading(true);
    setError(null);
    loadRows(hall)
      .catch((err: unknown) => setError(errorMessage(err)))
      .finally(() => setLoading(false));
  }, [loadRows]);

  const switchHall = async (hall: string) => {
    setHallCode(hall);
    setRows(undefined);
    setLoading(true);
    setError(null);
    try {
      await loadRows(hall);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  };

  const refresh = () => {
    if (hallRef.current) loadRows(hallRef.current).catch(() => undefined);
  };

  const submitCheckIn = async (raw: string) => {
    const parsed = checkInBodySchema.safeParse({ code: raw });
    if (!parsed.success) {
      setCodeError(parsed.error.issues[0]?.message);
      return;
    }
    setCodeError(undefined);
    setChecking(true);
    setChecked(undefined);
    try {
      const res = await checkIn(parsed.data.code);
      setChecked(res);
      setCode('');
      toast(`已签到 ${res.queueNo}`, 'success');
      refresh();
    } catch (err) {
      setCodeError(errorMessage(err));
    } finally {
      setChecking(false);
    }
  };

  const scan = async () => {
    try {
      const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      if (res.result) await submitCheckIn(res.result);
    } catch {
      /* cancelled */
    }
  };

  const onCallNext = async () => {
    if (!hallCode) return;
    const parsed = callNextBodySchema.safeParse({ hallCode, windowType, windowName });
    if (!parsed.success) {
      setWindowError(
        parsed.error.issues.find((i) => i.path[0] === 'windowName')?.message ??
          parsed.error.issues[0]?.message,
      );
      return;
    }
    setWindowError(undefined);
    setCalling(true);
    setCalled(undefined);
    try {
      const res = await callNext(parsed.data);
      setCalled(
        `请 ${res.ticket.queueNo ?? res.ticket.code} 号到 ${res.ticket.calledWindow ?? parsed.data.windowName} 办理`,
      );
      refresh();
    } catch (err) {
      setWindowError(errorMessage(err));
    } finally {
      setCalling(false);
    }
  };

  const onServed = async (row: StaffAppointmentRow) => {
    setServingId(row.id);
    try {
      const updated = await markServed(row.id);
      setRows((rs) => rs?.map((r) => (r.id === updated.id ? updated : r)));
      toast('已办结', 'success');
    } catch (err) {
      toast(errorMessage(err));
    } finally {
      setServingId(undefined);
    }
  };

  const waiting = rows?.filter((r) => r.status === 'checked_in').length ?? 0;

  return (
    <View className="appt appt-staff">
      {halls && halls.length > 1 ? (
        <View className="appt-staff__halls">
          {halls.map((h) => (
            <Text
              key={h.code}
              className={`appt-staff__hall${h.code === hallCode ? ' appt-staff__hall--active' : ''}`}
              onClick={() => void switchHall(h.code)}
            >
              {h.name}
            </Text>
          ))}
        </View>
      ) : null}

      {hallCode ? (
        <View className="appt-card appt-staff__entry" data-testid="capacity-entry">
          <View className="appt-staff__entry-text">
            <Text className="appt-title">名额与停约</Text>
            <Text className="appt-muted">调整某天或某时段的名额，停约或恢复预约</Text>
          </View>
          <Button
            size="small"
            type="primary"
            fill="outline"
            onClick={() => void Taro.navigateTo({ url: staffCapacityRoute(hallCode) })}
          >
            名额与停约
          </Button>
        </View>
      ) : null}

      <View className="appt-card" data-testid="check-in">
        <Text className="appt-title">签到取号</Text>
        <FormField
          label="预约码"
          name="code"
          value={code}
          placeholder="输入 8 位预约码"
          maxlength={200}
          error={codeError}
          disabled={checking}
          onChange={setCode}
          onConfirm={() => void submitCheckIn(code)}
        />
        <View className="appt-banner__actions">
          <Button
            type="primary"
            disabled={checking || !hallCode}
            loading={checking}
            onClick={() => void submitCheckIn(code)}
          >
            签到
          </Button>
          {process.env.TARO_ENV === 'weapp' ? (
            <Button type="primary" fill="outline" disabled={checking} onClick={() => void scan()}>
              扫码签到
            </Button>
          ) : null}
        </View>
        {checked ? (
          <View className="appt-staff__result" data-testid="check-in-result">
            <Text className="appt-staff__result-title">{`已签到 · ${checked.ticket.code}`}</Text>
            <Text className="appt-staff__result-no" data-testid="check-in-queue-no">
              {checked.queueNo}
            </Text>
            <Text className="appt-text">
              {`${checked.ticket.item.name} · ${checked.ticket.start}–${checked.ticket.end} · 前面 ${checked.ahead} 人`}
            </Text>
            <Text className="appt-text">{checked.ticket.personName || '预约人未实名'}</Text>
            {checked.ticket.personName ? (
              <IdentityReveal
                key={checked.ticket.id}
                reveal={() => revealBookingPerson(checked.ticket.id)}
                hint="核对本人：姓名已打码。需要核对时可查看全名和身份证号后 4 位（将记入审计日志）。"
                testId="check-in-identity"
              />
            ) : null}
          </View>
        ) : null}
      </View>

      <View className="appt-card" data-testid="call-next">
        <Text className="appt-title">{`叫号（等候 ${waiting} 人）`}</Text>
        <View className="appt-staff__types">
          {WINDOW_TYPES.map((t) => (
            <Text
              key={t}
              className={`appt-staff__type${t === windowType ? ' appt-staff__type--active' : ''}`}
              onClick={() => setWindowType(t)}
            >
              {t}
            </Text>
          ))}
        </View>
        <FormField
          label="窗口名称"
          name="windowName"
          value={windowName}
          placeholder="例如 3号窗口"
          maxlength={40}
          error={windowError}
          disabled={calling}
          onChange={setWindowName}
        />
        <View className="appt-banner__actions">
          <Button
            type="primary"
            disabled={calling || !hallCode}
            loading={calling}
            onClick={() => void onCallNext()}
          >
            叫下一位
          </Button>
        </View>
        {called ? (
          <Text className="appt-staff__called" data-testid="called">
            {called}
          </Text>
        ) : null}
      </View>

      <View className="appt-staff__day" data-testid="day-switcher">
        <Text className="appt-section-title">{`${day === today ? '今日预约' : '预约'} · ${formatDay(day)}`}</Text>
        <View className="appt-staff__day-actions">
          <Button size="small" fill="outline" type="default" onClick={() => setDay(addDays(day, -1))}>
            前一天
          </Button>
          {day !== today ? (
            <Button size="small" fill="outline" type="primary" onClick={() => setDay(today)}>
              今天
            </Button>
          ) : null}
          <Button size="small" fill="outline" type="default" onClick={() => setDay(addDays(day, 1))}>
            后一天
          </Button>
        </View>
      </View>
      <StatusView
        loading={loading}
        error={error}
        onRetry={() => void load()}
        empty={!hallCode || (!!rows && rows.length === 0)}
        emptyText={
          !hallCode
            ? '您的账号未分配服务大厅，请联系管理员'
            : day === today
              ? '今天还没有预约'
              : '当天没有预约'
        }
      >
        {rows?.map((row) => (
          <BookingLine
            key={row.id}
            row={row}
            busy={servingId === row.id}
            onServed={() => void onServed(row)}
          />
        ))}
      </StatusView>
    </View>
  );
}
