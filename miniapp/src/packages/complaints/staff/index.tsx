import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import {
  COMPLAINT_QUEUE_LABELS,
  type ComplaintListItem,
  type ComplaintQueue,
  type ComplaintStats,
  type MeResponse,
} from '@app/shared';
import { StatusView } from '../../../components/status-view';
import { usePagedList } from '../../../hooks/use-paged-list';
import { errorMessage } from '../../../services/api-client';
import { installSession } from '../../../services/auth';
import { complaintStats, staffQueue } from '../../../services/complaints';
import { getMe } from '../../../services/users';
import { staffComplaintRoute } from '../../../utils/routes';
import { ComplaintCard } from '../components/parts';
import './index.scss';

/** The sections this account's duties give: 派单, 承办 (its department), 回访, 督办 (supervisors). */
export function queuesOf(me: Pick<MeResponse, 'role' | 'duties' | 'department'>): ComplaintQueue[] {
  if (me.role === 'supervisor' || me.role === 'admin')
    return ['supervision', 'dispatch', 'handling', 'followup'];
  const queues: ComplaintQueue[] = [];
  if (me.duties.includes('complaint_dispatch')) queues.push('dispatch');
  if (me.department) queues.push('handling');
  if (me.duties.includes('complaint_followup')) queues.push('followup');
  return queues;
}

/** 投诉工作台: one queue per duty, ordered by due time, with flags; tap a complaint for its actions. */
export default function StaffComplaintsPage() {
  const [queues, setQueues] = useState<ComplaintQueue[]>();
  const [duty, setDuty] = useState<ComplaintQueue>();
  const [meError, setMeError] = useState<string | null>(null);
  const [stats, setStats] = useState<ComplaintStats>();

  const { items, total, loading, error, load, reset } = usePagedList<
    ComplaintListItem,
    ComplaintQueue | undefined
  >(duty, async (d, page) => {
    if (!d) return { items: [], total: 0 };
    return staffQueue({ duty: d, page, pageSize: 20 });
  });

  useEffect(() => {
    installSession();
    getMe()
      .then((me) => {
        const q = queuesOf(me);
        setQueues(q);
        setDuty(q[0]);
        if (q[0]) reset(q[0]);
        if (me.role === 'supervisor' || me.role === 'admin')
          void complaintStats().then(setStats, () => undefined);
      })
      .catch((err: unknown) => setMeError(errorMessage(err)));
  }, []);

  return (
    <View className="cp-page">
      <StatusView
        loading={!queues && !meError}
        error={meError}
        onRetry={() => Taro.reLaunch({ url: '/packages/complaints/staff/index' })}
      >
        {queues && queues.length === 0 ? (
          <View className="cp-card" data-testid="no-duty">
            <Text className="cp-muted">您的账号没有投诉相关岗位（派单、承办、回访），请联系管理员。</Text>
          </View>
        ) : (
          <>
            {stats ? (
              <View className="cp-card" data-testid="stats">
                <Text className="cp-text">{`共 ${stats.total} 件，在办 ${stats.open} 件，超期 ${stats.overdue} 件`}</Text>
                <Text className="cp-text">{`重复投诉 ${stats.repeat} 件，重复投诉率 ${(stats.repeatRate * 100).toFixed(1)}%`}</Text>
              </View>
            ) : null}
            <View className="cp-tabs" role="tablist">
              {(queues ?? []).map((q) => (
                <View
                  key={q}
                  role="tab"
                  aria-selected={duty === q}
                  data-testid={`queue-${q}`}
                  className={`cp-tab${duty === q ? ' cp-tab--active' : ''}`}
                  onClick={() => {
                    if (q === duty) return;
                    setDuty(q);
                    reset(q);
                  }}
                >
                  {COMPLAINT_QUEUE_LABELS[q]}
                </View>
              ))}
            </View>
            <StatusView loading={loading} error={error} onRetry={() => void load(duty)}>
              {items.length === 0 ? (
                <View className="cp-card" data-testid="empty">
                  <Text className="cp-muted">队列中没有待办的件</Text>
                </View>
              ) : (
                <>
                  {items.map((c) => (
                    <ComplaintCard
                      key={c.id}
                      c={c}
                      onOpen={() => void Taro.navigateTo({ url: staffComplaintRoute(c.id) })}
                    />
                  ))}
                  <Text className="cp-muted">{`共 ${total} 件，按办理时限排序`}</Text>
                </>
              )}
            </StatusView>
          </>
        )}
      </StatusView>
    </View>
  );
}
