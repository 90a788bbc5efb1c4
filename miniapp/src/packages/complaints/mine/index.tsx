import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { ComplaintStatus } from '@app/shared';
import { Button } from '../../../components/nut';
import { StatusView } from '../../../components/status-view';
import { usePagedList } from '../../../hooks/use-paged-list';
import { ensureSession, installSession } from '../../../services/auth';
import { listMyComplaints } from '../../../services/complaints';
import { complaintNewRoute, complaintRoute } from '../../../utils/routes';
import { ComplaintCard } from '../components/parts';
import './index.scss';

const TABS: Array<{ key: ComplaintStatus | 'all'; label: string }> = [
  { key: 'all', label: '全部' },
  { key: 'submitted', label: '待受理' },
  { key: 'handling', label: '办理中' },
  { key: 'replied', label: '已答复' },
  { key: 'closed', label: '已办结' },
  { key: 'rejected', label: '不予受理' },
];

/** 我的投诉 (own and the enterprises'): status, department, due date; tap for the reply and the timeline. */
export default function MyComplaintsPage() {
  const [tab, setTab] = useState<ComplaintStatus | 'all'>('all');
  const { items, total, loading, more, error, load, reset } = usePagedList(tab, async (status, page) => {
    installSession();
    await ensureSession();
    return listMyComplaints({ ...(status !== 'all' ? { status } : {}), page, pageSize: 20 });
  });
  return (
    <View className="cp-page">
      <View className="cp-tabs" role="tablist">
        {TABS.map(({ key, label }) => (
          <View
            key={key}
            role="tab"
            aria-selected={tab === key}
            data-testid={`tab-${key}`}
            className={`cp-tab${tab === key ? ' cp-tab--active' : ''}`}
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
          <View className="cp-card" data-testid="empty">
            <Text className="cp-muted">
              {tab === 'all' ? '您还没有提交过投诉、建议或举报' : '没有该状态的记录'}
            </Text>
          </View>
        ) : (
          <>
            {items.map((c) => (
              <ComplaintCard
                key={c.id}
                c={c}
                onOpen={() => void Taro.navigateTo({ url: complaintRoute(c.id) })}
              />
            ))}
            <Text className="cp-muted">{more ? '加载中…' : `共 ${total} 件`}</Text>
          </>
        )}
      </StatusView>
      <View className="cp-card">
        <Button block type="primary" onClick={() => void Taro.navigateTo({ url: complaintNewRoute() })}>
          我要投诉 / 建议 / 举报
        </Button>
      </View>
    </View>
  );
}
