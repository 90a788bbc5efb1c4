import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { CaseStatus, CaseSummary } from '@app/shared';
import { Button } from '../../../components/nut';
import { StatusView } from '../../../components/status-view';
import { errorMessage } from '../../../services/api-client';
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
  const [items, setItems] = useState<CaseSummary[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [loading, setLoading] = useState(true);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);

  const load = useCallback(async (status: CaseStatus | 'all', nextPage = 1) => {
    installSession();
    const id = ++seq.current;
    if (nextPage === 1) {
      setLoading(true);
      setError(null);
    } else setMore(true);
    try {
      await ensureSession();
      const res = await listMyCases({
        ...(status !== 'all' ? { status } : {}),
        page: nextPage,
        pageSize: PAGE_SIZE,
      });
      if (id !== seq.current) return;
      setItems((prev) => (nextPage === 1 ? res.items : [...prev, ...res.items]));
      setTotal(res.total);
      setPage(nextPage);
    } catch (err) {
      if (id !== seq.current) return;
      if (nextPage === 1) setError(errorMessage(err));
      else void Taro.showToast({ title: errorMessage(err), icon: 'none' });
    } finally {
      if (id === seq.current) {
        setLoading(false);
        setMore(false);
      }
      void Taro.stopPullDownRefresh();
    }
  }, []);

  useDidShow(() => {
    void load(tab);
  });
  usePullDownRefresh(() => {
    void load(tab);
  });
  useReachBottom(() => {
    if (!loading && !more && items.length < total) void load(tab, page + 1);
  });

  const pickTab = (key: CaseStatus | 'all') => {
    if (key === tab) return;
    setTab(key);
    setItems([]);
    void load(key);
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
            <Text className="case-muted">
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
