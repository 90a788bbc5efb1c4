import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ROLE_LABELS, maskName, type MeResponse } from '@app/shared';
import { Button } from '../../components/nut';
import { StatusView } from '../../components/status-view';
import { errorMessage } from '../../services/api-client';
import {
  ensureSession,
  installSession,
  isSignedOut,
  isStaffRole,
  logout,
  readSession,
  signInAgain,
} from '../../services/auth';
import { getMe } from '../../services/users';
import { confirmAction, toast } from '../../utils/confirm';
import { MEMBERSHIP_STATUS_LABELS } from '../../utils/labels';
import {
  CASE_PROGRESS_ROUTE,
  MY_APPOINTMENTS_ROUTE,
  MY_CASES_ROUTE,
  MY_CONSULTATIONS_ROUTE,
  MY_COMPLAINTS_ROUTE,
  MY_ENTERPRISES_ROUTE,
  enterpriseRoute,
  REAL_NAME_ROUTE,
  STAFF_LOGIN_ROUTE,
  TAB_ROUTES,
  WORKBENCH_ROUTE,
} from '../../utils/routes';
import './index.scss';

type State =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'error'; message: string }
  | { status: 'ready'; me: MeResponse };

function Row({ title, desc, onClick }: { title: string; desc?: string; onClick: () => void }) {
  return (
    <View className="mine__row" hoverClass="mine__row--pressed" onClick={onClick}>
      <Text className="mine__row-title">{title}</Text>
      {desc ? <Text className="mine__row-desc">{desc}</Text> : null}
      <Text className="mine__arrow">›</Text>
    </View>
  );
}

/** The owner's own data: masked for display; 显示完整 shows what GET /api/me returns in full. */
function RealNameCard({ me }: { me: MeResponse }) {
  const [revealed, setRevealed] = useState(false);
  if (!me.realNameVerified) {
    return (
      <View className="mine__card" data-testid="real-name-card">
        <View className="mine__card-head">
          <Text className="mine__card-title">实名信息</Text>
          <Text className="mine__badge mine__badge--warn">未实名</Text>
        </View>
        <Text className="mine__card-text">完成实名认证后即可预约、申报和绑定企业。</Text>
        <View className="mine__card-actions">
          <Button type="primary" size="small" onClick={() => void Taro.navigateTo({ url: REAL_NAME_ROUTE })}>
            去实名认证
          </Button>
        </View>
      </View>
    );
  }
  const name = revealed ? me.name : me.name ? maskName(me.name) : undefined;
  const idNumber = revealed ? (me.idNumber ?? me.idNumberMasked) : me.idNumberMasked;
  const phone = revealed ? (me.phone ?? me.phoneMasked) : me.phoneMasked;
  return (
    <View className="mine__card" data-testid="real-name-card">
      <View className="mine__card-head">
        <Text className="mine__card-title">实名信息</Text>
        <Text className="mine__badge">已实名</Text>
      </View>
      <View className="mine__field">
        <Text className="mine__field-label">姓名</Text>
        <Text className="mine__field-value">{name ?? '—'}</Text>
      </View>
      <View className="mine__field">
        <Text className="mine__field-label">身份证号</Text>
        <Text className="mine__field-value">{idNumber ?? '—'}</Text>
      </View>
      <View className="mine__field">
        <Text className="mine__field-label">手机号</Text>
        <Text className="mine__field-value">{phone ?? '—'}</Text>
      </View>
      <View className="mine__card-actions">
        <Text className="mine__link" onClick={() => setRevealed((v) => !v)}>
          {revealed ? '隐藏完整信息' : '显示完整信息'}
        </Text>
        <Text className="mine__link" onClick={() => void Taro.navigateTo({ url: REAL_NAME_ROUTE })}>
          修改
        </Text>
      </View>
    </View>
  );
}

/** Admins: the 我的 tab carries the number of join requests waiting for them. */
function showWaitingBadge(me: MeResponse) {
  const waiting = me.enterprises.reduce((n, e) => n + (e.pendingRequests ?? 0), 0);
  try {
    const call =
      waiting > 0
        ? Taro.setTabBarBadge({ index: 2, text: String(Math.min(waiting, 99)) })
        : Taro.removeTabBarBadge({ index: 2 });
    void Promise.resolve(call).catch(() => undefined);
  } catch {
    // no tab bar (a test, or a page opened without it)
  }
}

function EnterpriseCard({ me }: { me: MeResponse }) {
  return (
    <View className="mine__card" data-testid="enterprise-card">
      <View className="mine__card-head">
        <Text className="mine__card-title">我的企业</Text>
        <Text className="mine__link" onClick={() => void Taro.navigateTo({ url: MY_ENTERPRISES_ROUTE })}>
          {me.enterprises.length ? '管理' : '绑定企业'}
        </Text>
      </View>
      {me.enterprises.length ? (
        me.enterprises.map((e) => (
          <View
            key={e.enterpriseId}
            className="mine__enterprise"
            data-testid="mine-enterprise"
            onClick={() =>
              void Taro.navigateTo({
                url: e.status === 'active' ? enterpriseRoute(e.enterpriseId) : MY_ENTERPRISES_ROUTE,
              })
            }
          >
            <Text className="mine__enterprise-name">{e.enterpriseName}</Text>
            {e.pendingRequests ? (
              <Text className="mine__badge mine__badge--count" data-testid="mine-pending-requests">
                {`${e.pendingRequests} 人待审核`}
              </Text>
            ) : null}
            <Text className={`mine__badge${e.status === 'active' ? '' : ' mine__badge--warn'}`}>
              {`${e.role === 'admin' ? '管理员' : '成员'} · ${MEMBERSHIP_STATUS_LABELS[e.status]}`}
            </Text>
          </View>
        ))
      ) : (
        <Text className="mine__card-text">以统一社会信用代码绑定企业后，可代表企业办事。</Text>
      )}
    </View>
  );
}

/** 我的: silent login, profile (实名信息), enterprises, the staff entry and 退出登录. */
export default function MinePage() {
  const [state, setState] = useState<State>({ status: 'loading' });
  const [busy, setBusy] = useState(false);
  const loadId = useRef(0);

  const load = useCallback(async (signIn = false) => {
    installSession();
    const id = ++loadId.current;
    if (!signIn && isSignedOut() && !readSession()) {
      setState({ status: 'signed-out' });
      return;
    }
    setState({ status: 'loading' });
    try {
      if (signIn) await signInAgain();
      else await ensureSession();
      const me = await getMe();
      if (id === loadId.current) {
        setState({ status: 'ready', me });
        showWaitingBadge(me);
      }
    } catch (err) {
      if (id !== loadId.current) return;
      if (isSignedOut() && !readSession()) setState({ status: 'signed-out' });
      else setState({ status: 'error', message: errorMessage(err) });
    }
  }, []);

  useDidShow(() => {
    void load();
  });

  const onLogout = async () => {
    if (!(await confirmAction('退出登录', '确定要退出登录吗？'))) return;
    setBusy(true);
    try {
      await logout();
      setState({ status: 'signed-out' });
      toast('已退出登录', 'success');
    } catch (err) {
      toast(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const me = state.status === 'ready' ? state.me : undefined;
  const staff = me ? isStaffRole(me.role) : false;
  const displayName = me?.name ? maskName(me.name) : (me?.username ?? '');

  return (
    <View className="mine">
      <View className="mine__profile">
        <View className="mine__avatar">
          <Text className="mine__avatar-text">{displayName ? Array.from(displayName)[0] : '我'}</Text>
        </View>
        <View className="mine__who">
          {me ? (
            <>
              <Text className="mine__name">{displayName ? `您好，${displayName}` : '您好'}</Text>
              <Text className="mine__hint">
                {`${ROLE_LABELS[me.role]}${me.realNameVerified || staff ? '' : ' · 未实名认证'}`}
              </Text>
            </>
          ) : state.status === 'signed-out' ? (
            <>
              <Text className="mine__name">您已退出登录</Text>
              <Text className="mine__hint">登录后可查看实名信息、企业和办事记录。</Text>
            </>
          ) : (
            <>
              <Text className="mine__name">您好</Text>
              <Text className="mine__hint">{state.status === 'loading' ? '正在登录…' : '登录未完成'}</Text>
            </>
          )}
        </View>
      </View>

      {state.status === 'signed-out' ? (
        <View className="mine__signin">
          <Button type="primary" block onClick={() => void load(true)}>
            {process.env.TARO_ENV === 'h5' ? '登录' : '微信一键登录'}
          </Button>
        </View>
      ) : (
        <StatusView
          compact
          loading={state.status === 'loading'}
          error={state.status === 'error' ? state.message : null}
          onRetry={() => void load()}
        >
          {me && !staff ? (
            <>
              <RealNameCard me={me} />
              <EnterpriseCard me={me} />
            </>
          ) : null}
          {me && staff ? (
            <View className="mine__card" data-testid="staff-card">
              <View className="mine__card-head">
                <Text className="mine__card-title">{ROLE_LABELS[me.role]}</Text>
              </View>
              <Text className="mine__card-text">{`账号 ${me.username ?? ''}`}</Text>
              <View className="mine__card-actions">
                <Button
                  type="primary"
                  size="small"
                  onClick={() => void Taro.navigateTo({ url: WORKBENCH_ROUTE })}
                >
                  进入工作台
                </Button>
              </View>
            </View>
          ) : null}
        </StatusView>
      )}

      <View className="mine__list">
        {!staff ? (
          <Row
            title="我的预约"
            desc="待办理与历史预约、候补、取消和改约"
            onClick={() => void Taro.navigateTo({ url: MY_APPOINTMENTS_ROUTE })}
          />
        ) : null}
        {!staff ? (
          <Row
            title="我的办件"
            desc="在线申报的办件、补正材料、办理进度与取件"
            onClick={() => void Taro.navigateTo({ url: MY_CASES_ROUTE })}
          />
        ) : null}
        {!staff ? (
          <Row
            title="我的咨询"
            desc="我要咨询、答复与追问、常见问题推荐"
            onClick={() => void Taro.navigateTo({ url: MY_CONSULTATIONS_ROUTE })}
          />
        ) : null}
        {!staff ? (
          <Row
            title="我的投诉"
            desc="我要投诉 / 建议 / 举报，查看答复和办理进度"
            onClick={() => void Taro.navigateTo({ url: MY_COMPLAINTS_ROUTE })}
          />
        ) : null}
        <Row
          title="查询进度"
          desc="凭办件编号和申请人姓名或身份证后 4 位查询，无需登录"
          onClick={() => void Taro.navigateTo({ url: CASE_PROGRESS_ROUTE })}
        />
        {!staff ? (
          <Row
            title="工作人员入口"
            desc="窗口、部门工作人员与督查人员登录工作台"
            onClick={() => void Taro.navigateTo({ url: STAFF_LOGIN_ROUTE })}
          />
        ) : null}
        <Row
          title="办事指南"
          desc="按部门、主题查找事项，材料一次告知"
          onClick={() => void Taro.switchTab({ url: TAB_ROUTES.catalog })}
        />
        <Row
          title="热门事项"
          desc="大家常办的事"
          onClick={() => void Taro.switchTab({ url: TAB_ROUTES.home })}
        />
      </View>

      {me ? (
        <View className="mine__logout">
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
      ) : null}

      <View className="mine__about">
        <Text className="mine__about-title">关于“最多跑一次”</Text>
        <Text className="mine__about-text">
          群众和企业到政府办理一件事情，在申请材料齐全、符合法定受理条件时，从受理申请到形成办理结果全过程只需一次上门或零上门。
        </Text>
      </View>
    </View>
  );
}
