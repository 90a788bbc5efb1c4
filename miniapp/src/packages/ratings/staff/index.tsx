import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { RectificationStatus } from '@app/shared';
import { StatusView } from '../../../components/status-view';
import { useRemote } from '../../../hooks/use-remote';
import { installSession } from '../../../services/auth';
import { listRectifications } from '../../../services/ratings';
import { rectificationRoute } from '../../../utils/routes';
import '../ratings.scss';

const TABS: Array<{ key: RectificationStatus | 'overdue'; label: string }> = [
  { key: 'awaiting_callback', label: '待回访' },
  { key: 'awaiting_rectification', label: '待整改' },
  { key: 'overdue', label: '已超期' },
  { key: 'rectified', label: '已整改' },
];

/** Workbench: the department's 整改 queue (supervisors: all), by 回访 deadline. */
export default function RectificationsPage() {
  const [tab, setTab] = useState<(typeof TABS)[number]['key']>('awaiting_callback');
  const list = useRemote(() => {
    installSession();
    return listRectifications(tab === 'overdue' ? { overdue: 'true' } : { status: tab });
  }, [tab]);
  useDidShow(() => list.reload());
  return (
    <View className="ratings-page">
      <View className="ratings-tabs">
        {TABS.map((t) => (
          <View
            key={t.key}
            data-testid={`tab-${t.key}`}
            className={`ratings-tab${tab === t.key ? ' ratings-tab--active' : ''}`}
            onClick={() => setTab(t.key)}
          >
            {t.label}
          </View>
        ))}
      </View>
      <StatusView
        loading={list.loading && !list.data}
        error={list.error}
        onRetry={list.reload}
        empty={(list.data?.items.length ?? 0) === 0}
        emptyText="没有需要处理的整改"
      >
        <View className="ratings-card">
          {list.data?.items.map((r) => (
            <View
              key={r.id}
              className="ratings-row"
              data-testid="rectification-row"
              onClick={() => void Taro.navigateTo({ url: rectificationRoute(r.id) })}
            >
              <Text className="ratings-text">{r.serviceTitle}</Text>
              <Text className="ratings-muted">
                {`${r.levelLabel} · ${r.statusLabel} · 回访期限 ${r.callbackDueDate} · 整改期限 ${r.rectifyDueDate}`}
              </Text>
              {r.callbackOverdue || r.rectifyOverdue ? (
                <Text className="ratings-flag" data-testid="overdue-flag">
                  {r.callbackOverdue ? '回访已超期' : '整改已超期'}
                </Text>
              ) : null}
            </View>
          ))}
        </View>
      </StatusView>
    </View>
  );
}
