import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { EnterpriseClaim } from '@app/shared';
import { Button } from '../../../components/nut';
import { StatusView } from '../../../components/status-view';
import { useRemote } from '../../../hooks/use-remote';
import { errorMessage } from '../../../services/api-client';
import { ensureSession } from '../../../services/auth';
import { openMaterialFile } from '../../../services/cases';
import { enterpriseClaims, verifyEnterprise } from '../../../services/enterprises';
import { confirmAction, toast } from '../../../utils/confirm';
import { formatChinaTime } from '../../../utils/format';
import './index.scss';

/**
 * 企业认证 (hall staff): enterprises whose first binder waits to become its admin. Staff open the
 * uploaded business licence, compare name and credit code, then approve or refuse (both audited).
 */
export default function EnterpriseClaimsPage() {
  const list = useRemote(async () => {
    await ensureSession();
    return enterpriseClaims();
  }, []);
  const [busy, setBusy] = useState<string>();

  const decide = async (c: EnterpriseClaim, decision: 'approve' | 'reject') => {
    const ok = await confirmAction(
      decision === 'approve' ? '认证通过' : '不予认证',
      decision === 'approve'
        ? `确认营业执照上的名称和统一社会信用代码与「${c.name}」${c.creditCode} 一致？通过后申请人成为该企业管理员。`
        : `不予认证后该绑定将被撤销，申请人需重新绑定。确定吗？`,
      decision === 'approve' ? '通过' : '不予认证',
    );
    if (!ok) return;
    setBusy(c.enterpriseId);
    try {
      await verifyEnterprise(c.enterpriseId, decision);
      toast(decision === 'approve' ? '已认证' : '已撤销该绑定', 'success');
      list.reload();
    } catch (err) {
      toast(errorMessage(err));
    } finally {
      setBusy(undefined);
    }
  };

  const viewLicence = async (c: EnterpriseClaim) => {
    if (!c.licence) return;
    try {
      await openMaterialFile(c.licence);
    } catch (err) {
      toast(errorMessage(err));
    }
  };

  return (
    <View className="enterprises">
      <StatusView
        loading={list.loading}
        error={list.error}
        empty={!list.data?.length}
        emptyText="暂无待认证的企业"
        onRetry={list.reload}
      >
        {(list.data ?? []).map((c) => (
          <View key={c.enterpriseId} className="enterprises__card" data-testid="claim">
            <View className="enterprises__head">
              <Text className="enterprises__name">{c.name}</Text>
              <Text className="enterprises__badge enterprises__badge--pending">待认证</Text>
            </View>
            <Text className="enterprises__meta">{`统一社会信用代码 ${c.creditCode}`}</Text>
            <Text className="enterprises__meta">
              {`申请人 ${c.claimantNameMasked ?? '—'}${c.claimantPhoneMasked ? ` · ${c.claimantPhoneMasked}` : ''} · ${formatChinaTime(c.requestedAt, { withDate: true })}`}
            </Text>
            <Text className="enterprises__meta">
              {c.licence ? `营业执照：${c.licence.filename}` : '申请人尚未上传营业执照，暂不能认证'}
            </Text>
            <View className="enterprises__actions">
              {c.licence ? (
                <Button size="small" fill="outline" type="default" onClick={() => void viewLicence(c)}>
                  查看营业执照
                </Button>
              ) : null}
              <Button
                size="small"
                fill="outline"
                type="default"
                disabled={busy !== undefined}
                loading={busy === c.enterpriseId}
                onClick={() => void decide(c, 'reject')}
              >
                不予认证
              </Button>
              <Button
                size="small"
                type="primary"
                disabled={busy !== undefined || !c.licence}
                loading={busy === c.enterpriseId}
                onClick={() => void decide(c, 'approve')}
              >
                认证通过
              </Button>
            </View>
          </View>
        ))}
      </StatusView>
    </View>
  );
}
