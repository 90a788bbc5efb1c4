import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { CaseSummary } from '@app/shared';
import { StatusView } from '../../../components/status-view';
import { usePagedList } from '../../../hooks/use-paged-list';
import { installSession, isStaffRole, readSession } from '../../../services/auth';
import { staffCases, type StaffQueue } from '../../../services/cases';
import { STAFF_LOGIN_ROUTE, staffCaseRoute, staffTaskRoute } from '../../../utils/routes';
import { CaseCard } from '../components/parts';
import './index.scss';

const QUEUES: Array<{ key: StaffQueue; label: string; empty: string }> = [
  { key: 'prereview', label: '待预审', empty: '没有待预审或待受理的办件' },
  { key: 'working', label: '办理中', empty: '没有办理中的办件' },
  { key: 'tasks', label: '部门任务', empty: '本部门没有待办的并联任务' },
  { key: 'delivery', label: '待出件', empty: '没有待出件的办件' },
];
const PAGE_SIZE = 20;

/**
 * Where a card opens: in 部门任务, the caller's own task (a parallel department may not open the case
 * itself); everywhere else, the case.
 */
function openRoute(queue: StaffQueue, c: CaseSummary): string {
  const taskId = queue === 'tasks' ? c.myTaskIds?.[0] : undefined;
  return taskId ? staffTaskRoute(taskId) : staffCaseRoute(c.id);
}

/** Staff: the 办件 queues, by deadline (overdue first, highlighted). */
export default function StaffCasesPage() {
  const [queue, setQueue] = useState<StaffQueue>('prereview');
  const { items, total, loading, more, error, load, reset } = usePagedList(queue, async (q, page) => {
    installSession();
    if (!isStaffRole(readSession()?.user.role)) {
      void Taro.redirectTo({ url: STAFF_LOGIN_ROUTE });
      return undefined;
    }
    return staffCases(q, page, PAGE_SIZE);
  });

  const pick = (key: StaffQueue) => {
    if (key === queue) return;
    setQueue(key);
    reset(key);
  };
  const current = QUEUES.find((q) => q.key === queue)!;
  const overdue = items.filter((c) => c.overdue).length;

  return (
    <View className="cases">
      <View className="case-tabs" role="tablist">
        {QUEUES.map(({ key, label }) => (
          <View
            key={key}
            role="tab"
            aria-selected={queue === key}
            className={`case-tabs__tab${queue === key ? ' case-tabs__tab--active' : ''}`}
            data-testid={`queue-${key}`}
            onClick={() => pick(key)}
          >
            {label}
          </View>
        ))}
      </View>
      <StatusView
        loading={loading}
        error={error}
        empty={items.length === 0}
        emptyText={current.empty}
        onRetry={() => void load(queue)}
      >
        <Text className="case-muted" style={{ padding: '16px 32px 0' }}>
          {`共 ${total} 件，按办结期限排序${overdue ? `，其中 ${overdue} 件已超期` : ''}`}
        </Text>
        {items.map((c) => (
          <CaseCard
            key={c.id}
            c={c}
            showApplicant
            onOpen={() => void Taro.navigateTo({ url: openRoute(queue, c) })}
          />
        ))}
        {more ? <Text className="case-muted">加载中…</Text> : null}
      </StatusView>
    </View>
  );
}
