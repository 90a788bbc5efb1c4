import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { CaseStatus, EnterpriseMember } from '@app/shared';
import { Button } from '../../../components/nut';
import { StatusView } from '../../../components/status-view';
import { usePagedList } from '../../../hooks/use-paged-list';
import { useRemote } from '../../../hooks/use-remote';
import { errorMessage } from '../../../services/api-client';
import { ensureSession, readSession, refreshSession } from '../../../services/auth';
import { listEnterpriseAppointments } from '../../../services/appointments';
import { listEnterpriseCases } from '../../../services/cases';
import {
  decideMember,
  getEnterprise,
  leaveEnterprise,
  myEnterprises,
  removeMember,
  setAdmin,
} from '../../../services/enterprises';
import { confirmAction, toast } from '../../../utils/confirm';
import { formatChinaTime } from '../../../utils/format';
import { MEMBERSHIP_ROLE_LABELS, MEMBERSHIP_STATUS_LABELS } from '../../../utils/labels';
import { MY_ENTERPRISES_ROUTE, appointmentTicketRoute, caseRoute } from '../../../utils/routes';
import { CaseCard } from '../../cases/components/parts';
import { RequireRouteParam } from '../../../components/missing-record';
import './index.scss';

type Action = 'approve' | 'reject' | 'remove' | 'share' | 'handover';

const CASE_FILTERS: Array<{ key: CaseStatus | 'all'; label: string }> = [
  { key: 'all', label: '全部' },
  { key: 'submitted', label: '待预审' },
  { key: 'needs_correction', label: '需补正' },
  { key: 'accepted', label: '已受理' },
  { key: 'in_progress', label: '办理中' },
  { key: 'completed', label: '已办结' },
];

const QUESTIONS: Record<
  Action,
  { title: string; text: (who: string) => string; confirm: string; done: string }
> = {
  approve: {
    title: '通过绑定申请',
    text: (w) => `通过后，${w} 可代表企业办事。确定通过吗？`,
    confirm: '通过',
    done: '已通过',
  },
  reject: {
    title: '拒绝绑定申请',
    text: (w) => `确定拒绝 ${w} 的绑定申请吗？`,
    confirm: '拒绝',
    done: '已拒绝',
  },
  remove: {
    title: '移除成员',
    text: (w) => `移除后 ${w} 立即不能再查看和办理企业的办件。确定移除吗？`,
    confirm: '移除',
    done: '已移除',
  },
  share: {
    title: '设为管理员',
    text: (w) => `${w} 将与您共同管理企业。确定吗？`,
    confirm: '确定',
    done: '已设为管理员',
  },
  handover: {
    title: '移交管理员',
    text: (w) => `移交后 ${w} 成为管理员，您成为普通成员。确定移交吗？`,
    confirm: '移交',
    done: '已移交',
  },
};

/**
 * An enterprise: its cases (all members', overdue first, status filter) and its members (masked).
 * Admins approve join requests, remove members and hand over or share the admin role; every member
 * may leave (the last admin hands over first).
 */
function EnterpriseDetail({ id }: { id: string }) {
  const remote = useRemote(async () => {
    await ensureSession();
    const [detail, mine] = await Promise.all([getEnterprise(id), myEnterprises()]);
    const me = mine.find((m) => m.enterpriseId === id);
    return { detail, isAdmin: me?.role === 'admin' && me.status === 'active' };
  }, [id]);
  const [filter, setFilter] = useState<CaseStatus | 'all'>('all');
  const cases = usePagedList(filter, async (status, page) => {
    await ensureSession();
    return listEnterpriseCases(id, { ...(status !== 'all' ? { status } : {}), page, pageSize: 20 });
  });
  // The enterprise's appointments (booked for it by any member): upcoming, then the latest past ones.
  const appointments = useRemote(async () => {
    await ensureSession();
    const res = await listEnterpriseAppointments(id);
    return [...res.upcoming, ...res.past.slice(0, 10)];
  }, [id]);
  const [busy, setBusy] = useState<string>();

  const act = async (member: EnterpriseMember, action: Action) => {
    const q = QUESTIONS[action];
    if (!(await confirmAction(q.title, q.text(member.nameMasked ?? '该成员'), q.confirm))) return;
    setBusy(member.userId);
    try {
      if (action === 'approve' || action === 'reject') await decideMember(id, member.userId, action);
      else if (action === 'remove') await removeMember(id, member.userId);
      else await setAdmin(id, member.userId, action);
      toast(q.done, 'success');
      remote.reload();
    } catch (err) {
      toast(errorMessage(err));
    } finally {
      setBusy(undefined);
    }
  };

  const leave = async () => {
    if (!(await confirmAction('退出企业', '退出后您将不能再查看和办理该企业的办件。确定退出吗？', '退出')))
      return;
    setBusy('leave');
    try {
      await leaveEnterprise(id);
      await refreshSession();
      toast('已退出企业', 'success');
      setTimeout(() => void Taro.redirectTo({ url: MY_ENTERPRISES_ROUTE }), 600);
    } catch (err) {
      toast(errorMessage(err));
    } finally {
      setBusy(undefined);
    }
  };

  const detail = remote.data?.detail;
  const isAdmin = remote.data?.isAdmin ?? false;
  const myId = readSession()?.user.id;
  const members = detail?.members ?? [];
  const pending = members.filter((m) => m.status === 'pending');
  const active = members.filter((m) => m.status === 'active');

  const actionButton = (m: EnterpriseMember, action: Action, label: string, primary = false) => (
    <Button
      key={action}
      size="small"
      type={primary ? 'primary' : 'default'}
      fill={primary ? undefined : 'outline'}
      disabled={busy !== undefined}
      loading={busy === m.userId}
      onClick={() => void act(m, action)}
    >
      {label}
    </Button>
  );

  const memberCard = (m: EnterpriseMember) => {
    const self = m.userId === myId;
    const actions: JSX.Element[] = [];
    if (isAdmin && !self) {
      if (m.status === 'pending')
        actions.push(actionButton(m, 'reject', '拒绝'), actionButton(m, 'approve', '通过', true));
      else {
        if (m.role !== 'admin')
          actions.push(actionButton(m, 'share', '设为管理员'), actionButton(m, 'handover', '移交管理员'));
        actions.push(actionButton(m, 'remove', '移除'));
      }
    }
    return (
      <View key={m.userId} className="enterprises__card" data-testid="member">
        <View className="enterprises__head">
          <Text className="enterprises__name">{`${m.nameMasked ?? '未实名用户'}${self ? '（我）' : ''}`}</Text>
          <Text className={`enterprises__badge enterprises__badge--${m.status}`}>
            {MEMBERSHIP_STATUS_LABELS[m.status]}
          </Text>
        </View>
        <Text className="enterprises__meta">
          {`${MEMBERSHIP_ROLE_LABELS[m.role]}${m.phoneMasked ? ` · ${m.phoneMasked}` : ''} · 申请于 ${formatChinaTime(
            m.requestedAt,
            { withDate: true },
          )}`}
        </Text>
        {actions.length ? <View className="enterprises__actions">{actions}</View> : null}
      </View>
    );
  };

  return (
    <View className="enterprises">
      <StatusView loading={remote.loading} error={remote.error} onRetry={remote.reload}>
        {detail ? (
          <>
            <View className="enterprises__card">
              <Text className="enterprises__name">{detail.name}</Text>
              <Text className="enterprises__meta">{`统一社会信用代码 ${detail.creditCode}`}</Text>
            </View>

            <Text className="enterprises__section-title">企业办件</Text>
            <View className="enterprises__filters" role="tablist">
              {CASE_FILTERS.map(({ key, label }) => (
                <View
                  key={key}
                  role="tab"
                  aria-selected={filter === key}
                  className={`enterprises__filter${filter === key ? ' enterprises__filter--active' : ''}`}
                  onClick={() => {
                    if (key === filter) return;
                    setFilter(key);
                    cases.reset(key);
                  }}
                >
                  {label}
                </View>
              ))}
            </View>
            <View data-testid="enterprise-cases">
              <StatusView loading={cases.loading} error={cases.error} onRetry={() => void cases.load(filter)}>
                {cases.items.length === 0 ? (
                  <View className="enterprises__card">
                    <Text className="enterprises__meta">暂无办件</Text>
                  </View>
                ) : (
                  cases.items.map((c) => (
                    <CaseCard
                      key={c.id}
                      c={c}
                      showApplicant
                      onOpen={() => void Taro.navigateTo({ url: caseRoute(c.id) })}
                    />
                  ))
                )}
              </StatusView>
            </View>

            <Text className="enterprises__section-title">企业预约</Text>
            <View data-testid="enterprise-appointments">
              <StatusView
                loading={appointments.loading}
                error={appointments.error}
                onRetry={appointments.reload}
              >
                {appointments.data && appointments.data.length === 0 ? (
                  <View className="enterprises__card">
                    <Text className="enterprises__meta">暂无以企业名义的预约</Text>
                  </View>
                ) : (
                  (appointments.data ?? []).map((t) => (
                    <View
                      key={t.id}
                      className="enterprises__card"
                      data-testid="enterprise-appointment"
                      onClick={() => void Taro.navigateTo({ url: appointmentTicketRoute(t.id) })}
                    >
                      <Text className="enterprises__name">{`${t.item.name} · ${t.statusLabel}`}</Text>
                      <Text className="enterprises__meta">{`${t.date} ${t.start}–${t.end} · ${t.hall.name}`}</Text>
                      {t.bookedByName ? (
                        <Text className="enterprises__meta">{`预约人 ${t.bookedByName}`}</Text>
                      ) : null}
                    </View>
                  ))
                )}
              </StatusView>
            </View>

            {isAdmin ? (
              <>
                <Text className="enterprises__section-title">{`待审核（${pending.length}）`}</Text>
                {pending.length ? (
                  pending.map(memberCard)
                ) : (
                  <View className="enterprises__card">
                    <Text className="enterprises__meta">暂无待审核的绑定申请</Text>
                  </View>
                )}
              </>
            ) : null}
            <Text className="enterprises__section-title">{`成员（${active.length}）`}</Text>
            {active.map(memberCard)}
            <View className="enterprises__footer">
              <Button
                type="default"
                fill="outline"
                block
                disabled={busy !== undefined}
                loading={busy === 'leave'}
                onClick={() => void leave()}
              >
                退出企业
              </Button>
            </View>
          </>
        ) : null}
      </StatusView>
    </View>
  );
}

/** The page: without its id (a cut link) it says so and leads back to its list, asking nothing. */
export default function EnterpriseDetailPage() {
  return (
    <RequireRouteParam name="id" listRoute={MY_ENTERPRISES_ROUTE} listLabel="返回我的企业">
      {(id) => <EnterpriseDetail id={id} />}
    </RequireRouteParam>
  );
}
