import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { CaseStatus } from '@app/shared';
import { Button } from '../../../components/nut';
import { StatusView } from '../../../components/status-view';
import { usePagedList } from '../../../hooks/use-paged-list';
import { ensureSession, installSession } from '../../../services/auth';
import { listMyCases } from '../../../services/cases';
import { myEnterprises } from '../../../services/enterprises';
import { useRemote } from '../../../hooks/use-remote';
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
  /** 本人 / an enterprise / everything. */
  const [party, setParty] = useState<string>('all');
  const filter = `${tab}|${party}`;
  const { items, total, loading, more, error, load, reset } = usePagedList(filter, async (f, page) => {
    installSession();
    await ensureSession();
    const [status, who] = f.split('|');
    return listMyCases({
      ...(status !== 'all' ? { status: status as CaseStatus } : {}),
      ...(who !== 'all' ? { party: who } : {}),
      page,
      pageSize: PAGE_SIZE,
    });
  });
  const companies = useRemote(async () => {
    await ensureSession();
    return (await myEnterprises()).filter((m) => m.status === 'active');
  }, []);

  const pickTab = (key: CaseStatus | 'all') => {
    if (key === tab) return;
    setTab(key);
    reset(`${key}|${party}`);
  };
  const pickParty = (key: string) => {
    if (key === party) return;
    setParty(key);
    reset(`${tab}|${key}`);
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
      {companies.data?.length ? (
        <View className="case-tabs" role="tablist" data-testid="party-filter">
          {[
            { key: 'all', label: '全部主体' },
            { key: 'self', label: '本人' },
            ...companies.data.map((m) => ({ key: m.enterpriseId, label: m.enterpriseName })),
          ].map(({ key, label }) => (
            <View
              key={key}
              role="tab"
              aria-selected={party === key}
              className={`case-tabs__tab${party === key ? ' case-tabs__tab--active' : ''}`}
              data-testid={`party-${key}`}
              onClick={() => pickParty(key)}
            >
              {label}
            </View>
          ))}
        </View>
      ) : null}
      <StatusView loading={loading} error={error} onRetry={() => void load(filter)}>
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
              <CaseCard
                key={c.id}
                c={c}
                showApplicant={Boolean(c.enterprise)}
                onOpen={() => void Taro.navigateTo({ url: caseRoute(c.id) })}
              />
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
