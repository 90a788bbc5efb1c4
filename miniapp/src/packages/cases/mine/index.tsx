import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { CaseStatus } from '@app/shared';
import { Button } from '../../../components/nut';
import { StatusView } from '../../../components/status-view';
import { usePagedList } from '../../../hooks/use-paged-list';
import { ensureSession, installSession } from '../../../services/auth';
import { listMyCases } from '../../../services/cases';
import { CASE_PROGRESS_ROUTE, TAB_ROUTES, caseRoute } from '../../../utils/routes';
import { CaseCard } from '../components/parts';
import './index.scss';

const TABS: Array<{ key: CaseStatus | 'all'; label: string }> = [
  { key: 'all', label: '全部' },
  { key: 'submitted', label: '待预审' },
  { key: 'needs_correction', label: '需补正' },
  { key: 'prereviewed', label: '待受理' },
  { key: 'accepted', label: '已受理' },
  { key: 'in_progress', label: '办理中' },
  { key: 'correction_paused', label: '补正暂停' },
  { key: 'completed', label: '已办结' },
  { key: 'delivered', label: '已出件' },
  { key: 'rejected', label: '不予受理' },
  { key: 'withdrawn', label: '已撤回' },
];
const PAGE_SIZE = 20;

/** 我的办件 (own and the bound enterprises'): status chips, due / overdue flags, filter by status. */
export default function MyCasesPage() {
  const [tab, setTab] = useState<CaseStatus | 'all'>('all');
  const { items, total, loading, more, error, load, reset } = usePagedList(tab, async (status, page) => {
    installSession();
    await ensureSession();
    return listMyCases({ ...(status !== 'all' ? { status } : {}), page, pageSize: PAGE_SIZE });
  });

  const pickTab = (key: CaseStatus | 'all') => {
    if (key === tab) return;
    setTab(key);
    reset(key);
  };

  return (
    <View className="cases">
      <View className="case-tabs" role="tablist">
        {TABS.map(({ key, label }) => (
          <View
            key={key}
            role="tab"
            aria-selected={tab === key}
            className={`case-tabs__tab${tab === key ? ' case-tabs__tab--active' : ''}`}
            data-testid={`tab-${key}`}
            onClick={() => pickTab(key)}
          >
            {label}
          </View>
        ))}
      </View>
      <StatusView loading={loading} error={error} onRetry={() => void load(tab)}>
        {items.length === 0 ? (
          <View className="case-empty" data-testid="empty">
            <Text className="case-muted">{tab === 'all' ? '您还没有办件' : '没有该状态的办件'}</Text>
            {tab === 'all' ? (
              <View className="case-actions">
                <Button
                  type="primary"
                  size="small"
                  onClick={() => void Taro.switchTab({ url: TAB_ROUTES.catalog })}
                >
                  去办事
                </Button>
              </View>
            ) : null}
          </View>
        ) : (
          <>
            {items.map((c) => (
              <CaseCard key={c.id} c={c} onOpen={() => void Taro.navigateTo({ url: caseRoute(c.id) })} />
            ))}
            <Text className="case-muted case-list-end" data-testid="list-end">
              {more ? '加载中…' : items.length < total ? '上拉加载更多' : `共 ${total} 件`}
            </Text>
          </>
        )}
      </StatusView>
      <View className="case-empty">
        <Text className="case-link" onClick={() => void Taro.navigateTo({ url: CASE_PROGRESS_ROUTE })}>
          按办件编号查询进度
        </Text>
      </View>
    </View>
  );
}
