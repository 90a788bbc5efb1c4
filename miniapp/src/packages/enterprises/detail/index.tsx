import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { EnterpriseMember } from '@app/shared';
import { Button } from '../../../components/nut';
import { StatusView } from '../../../components/status-view';
import { useRemote } from '../../../hooks/use-remote';
import { errorMessage } from '../../../services/api-client';
import { ensureSession, readSession } from '../../../services/auth';
import { decideMember, getEnterprise, myEnterprises } from '../../../services/enterprises';
import { confirmAction, toast } from '../../../utils/confirm';
import { formatChinaTime } from '../../../utils/format';
import { MEMBERSHIP_ROLE_LABELS, MEMBERSHIP_STATUS_LABELS } from '../../../utils/labels';
import { decodeParam } from '../../../utils/routes';
import './index.scss';

type Decision = 'approve' | 'reject';

/** An enterprise and its members (masked); its admin member approves or rejects pending ones. */
export default function EnterpriseDetailPage() {
  const id = decodeParam(useRouter().params.id) ?? '';
  const remote = useRemote(async () => {
    await ensureSession();
    const [detail, mine] = await Promise.all([getEnterprise(id), myEnterprises()]);
    const me = mine.find((m) => m.enterpriseId === id);
    return { detail, isAdmin: me?.role === 'admin' && me.status === 'active' };
  }, [id]);
  /** Members as decided on this page (the list is not reloaded after each decision). */
  const [decided, setDecided] = useState<Record<string, EnterpriseMember>>({});
  const [busy, setBusy] = useState<string>();

  const decide = async (member: EnterpriseMember, decision: Decision) => {
    const who = member.nameMasked ?? '该成员';
    const ok = await confirmAction(
      decision === 'approve' ? '通过绑定申请' : '拒绝绑定申请',
      decision === 'approve'
        ? `通过后，${who} 可代表企业办事。确定通过吗？`
        : `确定拒绝 ${who} 的绑定申请吗？`,
      decision === 'approve' ? '通过' : '拒绝',
    );
    if (!ok) return;
    setBusy(member.userId);
    try {
      const updated = await decideMember(id, member.userId, decision);
      setDecided((d) => ({ ...d, [member.userId]: updated }));
      toast(decision === 'approve' ? '已通过' : '已拒绝', 'success');
    } catch (err) {
      toast(errorMessage(err));
    } finally {
      setBusy(undefined);
    }
  };

  const detail = remote.data?.detail;
  const myId = readSession()?.user.id;
  const members = (detail?.members ?? []).map((m) => decided[m.userId] ?? m);
  const pending = members.filter((m) => m.status === 'pending');
  const others = members.filter((m) => m.status !== 'pending');

  const memberCard = (m: EnterpriseMember) => (
    <View key={m.userId} className="enterprises__card" data-testid="member">
      <View className="enterprises__head">
        <Text className="enterprises__name">{`${m.nameMasked ?? '未实名用户'}${m.userId === myId ? '（我）' : ''}`}</Text>
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
      {m.status === 'pending' && remote.data?.isAdmin ? (
        <View className="enterprises__actions">
          <Button
            size="small"
            fill="outline"
            type="default"
            disabled={busy !== undefined}
            loading={busy === m.userId}
            onClick={() => void decide(m, 'reject')}
          >
            拒绝
          </Button>
          <Button
            size="small"
            type="primary"
            disabled={busy !== undefined}
            loading={busy === m.userId}
            onClick={() => void decide(m, 'approve')}
          >
            通过
          </Button>
        </View>
      ) : null}
    </View>
  );

  return (
    <View className="enterprises">
      <StatusView loading={remote.loading} error={remote.error} onRetry={remote.reload}>
        {detail ? (
          <>
            <View className="enterprises__card">
              <Text className="enterprises__name">{detail.name}</Text>
              <Text className="enterprises__meta">{`统一社会信用代码 ${detail.creditCode}`}</Text>
            </View>
            <Text className="enterprises__section-title">{`待审核（${pending.length}）`}</Text>
            {pending.length ? (
              pending.map(memberCard)
            ) : (
              <View className="enterprises__card">
                <Text className="enterprises__meta">暂无待审核的绑定申请</Text>
              </View>
            )}
            <Text className="enterprises__section-title">{`成员（${others.length}）`}</Text>
            {others.map(memberCard)}
          </>
        ) : null}
      </StatusView>
    </View>
  );
}
