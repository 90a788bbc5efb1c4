import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { ConsultationStatus } from '@app/shared';
import { Button } from '../../../components/nut';
import { StatusView } from '../../../components/status-view';
import { usePagedList } from '../../../hooks/use-paged-list';
import { ensureSession, installSession } from '../../../services/auth';
import { listMyConsultations } from '../../../services/consultations';
import { consultationAskRoute, consultationRoute } from '../../../utils/routes';
import { ConsultationCard } from '../components/parts';
import './index.scss';

const TABS: Array<{ key: ConsultationStatus | 'all'; label: string }> = [
  { key: 'all', label: '全部' },
  { key: 'submitted', label: '待受理' },
  { key: 'info_requested', label: '待补充' },
  { key: 'answered', label: '已答复' },
  { key: 'resolved', label: '已解决' },
];

/** 我的咨询 (own and the bound enterprises'): status and due date; opens the thread. */
export default function MyConsultationsPage() {
  const [tab, setTab] = useState<ConsultationStatus | 'all'>('all');
  const { items, total, loading, error, load, reset } = usePagedList(tab, async (status, page) => {
    installSession();
    await ensureSession();
    return listMyConsultations({ ...(status !== 'all' ? { status } : {}), page, pageSize: 20 });
  });
  useDidShow(() => reset(tab));

  return (
    <View className="zx">
      <View className="zx-tabs" role="tablist">
        {TABS.map(({ key, label }) => (
          <View
            key={key}
            role="tab"
            aria-selected={tab === key}
            className={`zx-tabs__tab${tab === key ? ' zx-tabs__tab--active' : ''}`}
            data-testid={`tab-${key}`}
            onClick={() => {
              if (key === tab) return;
              setTab(key);
              reset(key);
            }}
          >
            {label}
          </View>
        ))}
      </View>
      <StatusView loading={loading} error={error} onRetry={() => void load(tab)}>
        {items.length === 0 ? (
          <View className="zx-card" data-testid="empty">
            <Text className="zx-muted">{tab === 'all' ? '您还没有咨询' : '没有该状态的咨询'}</Text>
          </View>
        ) : (
          <>
            {items.map((c) => (
              <ConsultationCard
                key={c.id}
                c={c}
                onOpen={() => void Taro.navigateTo({ url: consultationRoute(c.id) })}
              />
            ))}
            <Text className="zx-muted">{`共 ${total} 条`}</Text>
          </>
        )}
      </StatusView>
      <View className="zx-actions" style={{ padding: '0 24px' }}>
        <Button block type="primary" onClick={() => void Taro.navigateTo({ url: consultationAskRoute() })}>
          我要咨询
        </Button>
      </View>
    </View>
  );
}
