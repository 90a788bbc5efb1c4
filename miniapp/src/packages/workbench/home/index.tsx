import { useCallback, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ROLE_LABELS, type MeResponse, type WorkbenchCounts } from '@app/shared';
import { Button } from '../../../components/nut';
import { StatusView } from '../../../components/status-view';
import { errorMessage } from '../../../services/api-client';
import {
  dismissLoginNotice,
  installSession,
  isStaffRole,
  logout,
  readLoginNotice,
  readSession,
  type FailedLoginsNotice,
} from '../../../services/auth';
import { getHolidayNotices } from '../../../services/calendar';
import { listDepartments, listHalls } from '../../../services/catalog';
import { getMe } from '../../../services/users';
import { getWorkbenchCounts } from '../../../services/workbench';
import { confirmAction, toast } from '../../../utils/confirm';
import { formatChinaTime } from '../../../utils/format';
import {
  AUDIT_ROUTE,
  RECTIFICATIONS_ROUTE,
  STAFF_APPOINTMENTS_ROUTE,
  STAFF_CAPACITY_ROUTE,
  STAFF_CASES_ROUTE,
  STAFF_CONSULTATIONS_ROUTE,
  STAFF_COMPLAINTS_ROUTE,
  STAFF_LOGIN_ROUTE,
  SYNONYMS_ROUTE,
  SUPERVISION_ROUTE,
  TAB_ROUTES,
  ENTERPRISE_CLAIMS_ROUTE,
} from '../../../utils/routes';
import './index.scss';

interface Profile {
  me: MeResponse;
  department?: string;
  halls: string[];
  /** Admins and supervisors: next year's (or this year's) holiday notice is not loaded yet. */
  noticeWarning?: string;
}

/** The missing-holiday-notice warning for admins and supervisors; best effort (the page works without it). */
async function noticeWarningFor(me: MeResponse): Promise<string | undefined> {
  if (me.role !== 'admin' && me.role !== 'supervisor') return undefined;
  try {
    return (await getHolidayNotices()).warning?.message;
  } catch {
    return undefined;
  }
}

/** What waits, as badges on a tile (nothing shown for 0 or an unknown count). */
function Badges({ items }: { items: Array<{ label: string; n: number | undefined; warn?: boolean }> }) {
  const shown = items.filter((i) => (i.n ?? 0) > 0);
  if (!shown.length) return null;
  return (
    <View className="workbench__badges">
      {shown.map((i) => (
        <Text
          key={i.label}
          className={`workbench__badge${i.warn ? ' workbench__badge--warn' : ''}`}
          data-testid={`badge-${i.label}`}
        >
          {`${i.label} ${i.n! > 99 ? '99+' : i.n}`}
        </Text>
      ))}
    </View>
  );
}

/** Sections later issues fill: shown, but not tappable yet. */
const COMING_SOON: Array<{ key: string; title: string; desc: string }> = [];

/** Codes of the account as names, best effort: the public catalog lists departments and halls. */
async function withNames(me: MeResponse): Promise<Profile> {
  const [departments, halls] = await Promise.all([
    me.department ? listDepartments().catch(() => []) : Promise.resolve([]),
    me.halls.length ? listHalls().catch(() => []) : Promise.resolve([]),
  ]);
  return {
    me,
    department: me.department
      ? (departments.find((d) => d.code === me.department)?.name ?? me.department)
      : undefined,
    halls: me.halls.map((code) => halls.find((h) => h.code === code)?.name ?? code),
  };
}

/** The staff workbench shell: who is signed in, the sections to come, 审计日志 for supervisors, 退出登录. */
export default function WorkbenchPage() {
  const [profile, setProfile] = useState<Profile>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<FailedLoginsNotice | undefined>(() => readLoginNotice());
  // Badges are best effort: the tiles work without them.
  const [counts, setCounts] = useState<WorkbenchCounts>({});

  const load = useCallback(async () => {
    installSession();
    if (!isStaffRole(readSession()?.user.role)) {
      void Taro.redirectTo({ url: STAFF_LOGIN_ROUTE });
      return;
    }
    setLoading(true);
    setError(null);
    try {
      const me = await getMe();
      if (!isStaffRole(me.role)) {
        void Taro.redirectTo({ url: STAFF_LOGIN_ROUTE });
        return;
      }
      const [named, noticeWarning, waiting] = await Promise.all([
        withNames(me),
        noticeWarningFor(me),
        getWorkbenchCounts().catch(() => ({})),
      ]);
      setProfile(noticeWarning ? { ...named, noticeWarning } : named);
      setCounts(waiting);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, []);

  useDidShow(() => {
    setNotice(readLoginNotice());
    void load();
  });

  const onLogout = async () => {
    if (!(await confirmAction('退出登录', '确定要退出工作台并退出登录吗？'))) return;
    setBusy(true);
    try {
      await logout();
      toast('已退出登录', 'success');
      void Taro.reLaunch({ url: TAB_ROUTES.mine });
    } catch (err) {
      toast(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const me = profile?.me;
  return (
    <View className="workbench">
      <StatusView loading={loading} error={error} onRetry={() => void load()}>
        {me && profile ? (
          <>
            <View className="workbench__header" data-testid="staff-profile">
              <Text className="workbench__name">{me.name ?? me.username ?? '工作人员'}</Text>
              <Text className="workbench__role">{ROLE_LABELS[me.role]}</Text>
              <Text className="workbench__info">{`所属部门：${profile.department ?? '未指定'}`}</Text>
              <Text className="workbench__info">
                {`服务大厅：${profile.halls.length ? profile.halls.join('、') : '未分配'}`}
              </Text>
            </View>
            {profile.noticeWarning ? (
              <View className="workbench__warning" data-testid="notice-warning">
                <Text className="workbench__warning-title">节假日安排待导入</Text>
                <Text className="workbench__warning-text">{profile.noticeWarning}</Text>
              </View>
            ) : null}
            {notice ? (
              <View className="workbench__notice" data-testid="login-notice" role="alert">
                <Text className="workbench__notice-text">
                  {`自上次登录以来，您的账号有 ${notice.count} 次密码错误的登录尝试` +
                    `（最近一次 ${formatChinaTime(notice.lastAt, { withDate: true })}` +
                    `${notice.addresses > 1 ? `，来自 ${notice.addresses} 个不同网络` : ''}）。` +
                    '如非本人操作，请尽快修改密码并告知管理员。'}
                </Text>
                <Button
                  size="small"
                  fill="outline"
                  type="default"
                  onClick={() => {
                    dismissLoginNotice();
                    setNotice(undefined);
                  }}
                >
                  知道了
                </Button>
              </View>
            ) : null}
            <View className="workbench__grid">
              {/* Hall work only for staff of a hall: a supervisor has none and could do nothing there. */}
              {me.role === 'staff' && me.halls.length ? (
                <>
                  <View
                    className="workbench__tile"
                    hoverClass="workbench__tile--pressed"
                    data-testid="section-check-in"
                    onClick={() => void Taro.navigateTo({ url: STAFF_APPOINTMENTS_ROUTE })}
                  >
                    <Text className="workbench__tile-title">预约签到</Text>
                    <Text className="workbench__tile-desc">今日预约、签到取号、叫号</Text>
                    <Badges items={[{ label: '今日待签到', n: counts.checkInToday }]} />
                  </View>
                  <View
                    className="workbench__tile"
                    hoverClass="workbench__tile--pressed"
                    data-testid="section-capacity"
                    onClick={() => void Taro.navigateTo({ url: STAFF_CAPACITY_ROUTE })}
                  >
                    <Text className="workbench__tile-title">名额与停约</Text>
                    <Text className="workbench__tile-desc">调整时段名额、临时停约</Text>
                  </View>
                </>
              ) : null}
              <View
                className="workbench__tile"
                hoverClass="workbench__tile--pressed"
                data-testid="section-cases"
                onClick={() => void Taro.navigateTo({ url: STAFF_CASES_ROUTE })}
              >
                <Text className="workbench__tile-title">办件</Text>
                <Text className="workbench__tile-desc">预审、受理、办理与出件</Text>
                <Badges
                  items={[
                    { label: '待预审', n: counts.prereview },
                    { label: '超期', n: counts.overdueCases, warn: true },
                  ]}
                />
              </View>
              <View
                className="workbench__tile"
                hoverClass="workbench__tile--pressed"
                data-testid="section-consultations"
                onClick={() => void Taro.navigateTo({ url: STAFF_CONSULTATIONS_ROUTE })}
              >
                <Text className="workbench__tile-title">咨询答复</Text>
                <Text className="workbench__tile-desc">受理、答复、转办，发布常见问题</Text>
                <Badges items={[{ label: '待答复', n: counts.openConsultations }]} />
              </View>
              <View
                className="workbench__tile"
                hoverClass="workbench__tile--pressed"
                data-testid="section-complaints"
                onClick={() => void Taro.navigateTo({ url: STAFF_COMPLAINTS_ROUTE })}
              >
                <Text className="workbench__tile-title">投诉</Text>
                <Text className="workbench__tile-desc">派单、承办、回访与督办</Text>
                <Badges items={[{ label: '待派单', n: counts.complaintsToDispatch }]} />
              </View>
              {profile.halls.length > 0 || me.role === 'admin' ? (
                <View
                  className="workbench__tile"
                  hoverClass="workbench__tile--pressed"
                  data-testid="section-enterprise-claims"
                  onClick={() => void Taro.navigateTo({ url: ENTERPRISE_CLAIMS_ROUTE })}
                >
                  <Text className="workbench__tile-title">企业认证</Text>
                  <Text className="workbench__tile-desc">核验营业执照，认证企业管理员</Text>
                </View>
              ) : null}
              <View
                className="workbench__tile"
                hoverClass="workbench__tile--pressed"
                data-testid="section-rectifications"
                onClick={() => void Taro.navigateTo({ url: RECTIFICATIONS_ROUTE })}
              >
                <Text className="workbench__tile-title">差评整改</Text>
                <Text className="workbench__tile-desc">回访、整改与超期提醒</Text>
                <Badges items={[{ label: '待整改', n: counts.rectifications }]} />
              </View>
              {COMING_SOON.map((s) => (
                <View
                  key={s.key}
                  className="workbench__tile workbench__tile--disabled"
                  aria-disabled="true"
                  data-testid={`section-${s.key}`}
                >
                  <Text className="workbench__tile-title">{s.title}</Text>
                  <Text className="workbench__tile-desc">{s.desc}</Text>
                  <Text className="workbench__soon">即将开放</Text>
                </View>
              ))}
              {me.role === 'admin' ? (
                <View
                  className="workbench__tile"
                  hoverClass="workbench__tile--pressed"
                  data-testid="section-synonyms"
                  onClick={() => void Taro.navigateTo({ url: SYNONYMS_ROUTE })}
                >
                  <Text className="workbench__tile-title">搜索同义词</Text>
                  <Text className="workbench__tile-desc">群众说法与事项名称的对应</Text>
                </View>
              ) : null}
              <View
                className="workbench__tile"
                hoverClass="workbench__tile--pressed"
                data-testid="section-supervision"
                onClick={() => void Taro.navigateTo({ url: SUPERVISION_ROUTE })}
              >
                <Text className="workbench__tile-title">督查</Text>
                <Text className="workbench__tile-desc">
                  {me.role === 'staff' ? '本部门办件、预约、评价等指标' : '改革指标、图表与 Excel 导出'}
                </Text>
              </View>
              {me.role === 'supervisor' ? (
                <View
                  className="workbench__tile"
                  hoverClass="workbench__tile--pressed"
                  data-testid="section-audit"
                  onClick={() => void Taro.navigateTo({ url: AUDIT_ROUTE })}
                >
                  <Text className="workbench__tile-title">审计日志</Text>
                  <Text className="workbench__tile-desc">工作人员的每次操作记录</Text>
                </View>
              ) : null}
            </View>
          </>
        ) : null}
      </StatusView>
      <View className="workbench__footer">
        <Button
          block
          fill="outline"
          type="default"
          disabled={busy}
          loading={busy}
          onClick={() => void onLogout()}
        >
          退出登录
        </Button>
      </View>
    </View>
  );
}
