import { useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { MyMembership } from '@app/shared';
import { Button } from '../../../components/nut';
import { StatusView } from '../../../components/status-view';
import { useRemote } from '../../../hooks/use-remote';
import { errorMessage } from '../../../services/api-client';
import { ensureSession } from '../../../services/auth';
import { isTooLarge, pickMaterialFile, FILE_TOO_LARGE_MESSAGE } from '../../../services/cases';
import { myEnterprises, uploadLicence } from '../../../services/enterprises';
import { toast } from '../../../utils/confirm';
import { MEMBERSHIP_ROLE_LABELS, MEMBERSHIP_STATUS_LABELS } from '../../../utils/labels';
import { BIND_ENTERPRISE_ROUTE, enterpriseRoute } from '../../../utils/routes';
import './index.scss';

function statusNote(m: MyMembership): string {
  if (m.status === 'pending' && m.role === 'admin')
    return m.licenceUploaded
      ? '营业执照已上传，等待大厅工作人员核验后成为企业管理员'
      : '请上传营业执照照片，经大厅工作人员核验后成为企业管理员';
  if (m.status === 'pending') return '已提交绑定申请，等待该企业管理员审核';
  if (m.status === 'rejected') return '企业管理员未通过您的绑定申请';
  return m.role === 'admin' ? '您是企业管理员，可审核其他成员的绑定申请' : '可代表该企业办事';
}

/** 我的企业: every membership with its status; an active one opens the members page. */
export default function MyEnterprisesPage() {
  const list = useRemote(async () => {
    await ensureSession();
    return myEnterprises();
  }, []);
  const shown = useRef(false);
  const [uploading, setUploading] = useState<string>();
  const sendLicence = async (m: MyMembership) => {
    const file = await pickMaterialFile();
    if (!file) return;
    if (isTooLarge(file)) {
      toast(FILE_TOO_LARGE_MESSAGE);
      return;
    }
    setUploading(m.enterpriseId);
    try {
      await uploadLicence(m.enterpriseId, file);
      toast('营业执照已上传，等待核验', 'success');
      list.reload();
    } catch (err) {
      toast(errorMessage(err));
    } finally {
      setUploading(undefined);
    }
  };
  useDidShow(() => {
    // back from the bind page: show the new membership
    if (shown.current) list.reload();
    shown.current = true;
  });

  return (
    <View className="enterprises">
      <StatusView
        loading={list.loading}
        error={list.error}
        empty={!list.data?.length}
        emptyText="尚未绑定企业"
        onRetry={list.reload}
      >
        {(list.data ?? []).map((m) => (
          <View
            key={m.enterpriseId}
            className="enterprises__card"
            hoverClass={m.status === 'active' ? 'enterprises__card--pressed' : undefined}
            data-testid="membership"
            onClick={() => {
              if (m.status === 'active') void Taro.navigateTo({ url: enterpriseRoute(m.enterpriseId) });
            }}
          >
            <View className="enterprises__head">
              <Text className="enterprises__name">{m.enterpriseName}</Text>
              {m.pendingRequests ? (
                <Text className="enterprises__count" data-testid="pending-requests">
                  {`${m.pendingRequests} 人待审核`}
                </Text>
              ) : null}
              <Text className={`enterprises__badge enterprises__badge--${m.status}`}>
                {m.status === 'pending' && m.role === 'admin' ? '待核验' : MEMBERSHIP_STATUS_LABELS[m.status]}
              </Text>
            </View>
            <Text className="enterprises__meta">{`统一社会信用代码 ${m.creditCode}`}</Text>
            <Text className="enterprises__meta">{`${MEMBERSHIP_ROLE_LABELS[m.role]} · ${statusNote(m)}`}</Text>
            {m.status === 'pending' && m.role === 'admin' ? (
              <View className="enterprises__actions">
                <Button
                  size="small"
                  type="primary"
                  disabled={uploading !== undefined}
                  loading={uploading === m.enterpriseId}
                  onClick={(e) => {
                    e.stopPropagation?.();
                    void sendLicence(m);
                  }}
                >
                  {m.licenceUploaded ? '重新上传营业执照' : '上传营业执照'}
                </Button>
              </View>
            ) : null}
          </View>
        ))}
      </StatusView>
      <View className="enterprises__footer">
        <Button type="primary" block onClick={() => void Taro.navigateTo({ url: BIND_ENTERPRISE_ROUTE })}>
          绑定企业
        </Button>
      </View>
    </View>
  );
}
