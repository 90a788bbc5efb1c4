import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { RATEABLE_KIND_LABELS } from '@app/shared';
import { StatusView } from '../../../components/status-view';
import { useRemote } from '../../../hooks/use-remote';
import { ensureSession } from '../../../services/auth';
import { listMyRatings, listPendingRatings } from '../../../services/ratings';
import { formatChinaTime } from '../../../utils/format';
import { rateRoute } from '../../../utils/routes';
import '../ratings.scss';

/** 我的 → 待评价 (services over, not rated, and 整改后评价), and 我的评价. */
export default function PendingRatingsPage() {
  const [tab, setTab] = useState<'pending' | 'mine'>('pending');
  const pending = useRemote(async () => {
    await ensureSession();
    return listPendingRatings();
  }, []);
  const mine = useRemote(async () => {
    await ensureSession();
    return listMyRatings();
  }, []);
  useDidShow(() => {
    pending.reload();
    mine.reload();
  });
  const open = (kind: string, id: string) => void Taro.navigateTo({ url: rateRoute(kind, id) });
  const list = tab === 'pending' ? pending : mine;
  return (
    <View className="ratings-page">
      <View className="ratings-tabs">
        {(['pending', 'mine'] as const).map((t) => (
          <View
            key={t}
            data-testid={`tab-${t}`}
            className={`ratings-tab${tab === t ? ' ratings-tab--active' : ''}`}
            onClick={() => setTab(t)}
          >
            {t === 'pending' ? '待评价' : '我的评价'}
          </View>
        ))}
      </View>
      <StatusView
        loading={list.loading && !list.data}
        error={list.error}
        onRetry={list.reload}
        empty={(list.data?.items.length ?? 0) === 0}
        emptyText={tab === 'pending' ? '暂无待评价的服务' : '您还没有评价过'}
      >
        <View className="ratings-card">
          {tab === 'pending'
            ? pending.data?.items.map((p) => (
                <View
                  key={`${p.kind}-${p.serviceId}-${p.round}`}
                  className="ratings-row"
                  data-testid="pending-row"
                  onClick={() => open(p.kind, p.serviceId)}
                >
                  <Text className="ratings-text">{p.title}</Text>
                  <Text className="ratings-muted">
                    {`${RATEABLE_KIND_LABELS[p.kind]} · ${p.round === 2 ? '整改完成，可再评价' : '待评价'} · ${formatChinaTime(p.rateUntil, { withDate: true })} 前`}
                  </Text>
                </View>
              ))
            : mine.data?.items.map((r) => (
                <View
                  key={r.id}
                  className="ratings-row"
                  data-testid="my-rating-row"
                  onClick={() => open(r.kind, r.serviceId)}
                >
                  <Text className="ratings-text">{r.serviceTitle}</Text>
                  <Text className="ratings-muted">
                    {`${r.round === 2 ? '整改后评价' : '评价'}：${r.levelLabel}${r.rectification ? ` · 整改${r.rectification.statusLabel}` : ''}`}
                  </Text>
                </View>
              ))}
        </View>
      </StatusView>
    </View>
  );
}
