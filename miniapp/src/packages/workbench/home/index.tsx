import { useCallback, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ROLE_LABELS, type MeResponse } from '@app/shared';
import { Button } from '../../../components/nut';
import { StatusView } from '../../../components/status-view';
import { errorMessage } from '../../../services/api-client';
import { installSession, isStaffRole, logout, readSession } from '../../../services/auth';
import { listDepartments, listHalls } from '../../../services/catalog';
import { getMe } from '../../../services/users';
import { confirmAction, toast } from '../../../utils/confirm';
import {
  AUDIT_ROUTE,
  STAFF_APPOINTMENTS_ROUTE,
  STAFF_CAPACITY_ROUTE,
  STAFF_CASES_ROUTE,
  STAFF_LOGIN_ROUTE,
  TAB_ROUTES,
} from '../../../utils/routes';
import './index.scss';

interface Profile {
  me: MeResponse;
  department?: string;
  halls: string[];
}

/** Sections later issues fill: shown, but not tappable yet. */
const COMING_SOON = [{ key: 'complaints', title: '投诉', desc: '交办、回复与回访' }];

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
      setProfile(await withNames(me));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, []);

  useDidShow(() => {
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
