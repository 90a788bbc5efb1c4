import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { ConsultationStatus } from '@app/shared';
import { StatusView } from '../../../components/status-view';
import { usePagedList } from '../../../hooks/use-paged-list';
import { installSession } from '../../../services/auth';
import { listStaffConsultations } from '../../../services/consultations';
import { STAFF_FAQ_ROUTE, staffConsultationRoute } from '../../../utils/routes';
import { ConsultationCard } from '../components/parts';
import './index.scss';

interface Filter {
  status?: ConsultationStatus;
  overdue?: boolean;
}

const TABS: Array<{ key: string; label: string; filter: Filter }> = [
  { key: 'open', label: '待处理', filter: {} },
  { key: 'overdue', label: '已超期', filter: { overdue: true } },
  { key: 'submitted', label: '待受理', filter: { status: 'submitted' } },
  { key: 'claimed', label: '处理中', filter: { status: 'claimed' } },
  { key: 'follow_up', label: '追问', filter: { status: 'follow_up' } },
  { key: 'info_requested', label: '待补充', filter: { status: 'info_requested' } },
  { key: 'answered', label: '已答复', filter: { status: 'answered' } },
];

/** Staff: the department's consultations (综合咨询 desk: also those without one), by due time, with flags. */
export default function StaffConsultationsPage() {
  const [tab, setTab] = useState('open');
  const { items, total, loading, error, load, reset } = usePagedList(tab, async (key, page) => {
    installSession();
    const filter = TABS.find((t) => t.key === key)!.filter;
    return listStaffConsultations({ ...filter, page, pageSize: 20 });
  });
  useDidShow(() => reset(tab));

  return (
    <View className="zx">
      <View
        className="zx-card zx-row"
        data-testid="open-staff-faq"
        onClick={() => void Taro.navigateTo({ url: STAFF_FAQ_ROUTE })}
      >
        <Text className="zx-title">常见问题管理</Text>
        <Text className="zx-muted">编辑、发布、撤下 ›</Text>
      </View>
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
            <Text className="zx-muted">队列中没有咨询</Text>
          </View>
        ) : (
          <>
            {items.map((c) => (
              <ConsultationCard
                key={c.id}
                c={c}
                onOpen={() => void Taro.navigateTo({ url: staffConsultationRoute(c.id) })}
              />
            ))}
            <Text className="zx-muted">{`共 ${total} 条`}</Text>
          </>
        )}
      </StatusView>
    </View>
  );
}
