import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { CASE_OUTCOME_LABELS, provisionalDateLabel, type CaseDetail, type CaseOutcome } from '@app/shared';
import { Button } from '../../../components/nut';
import { FormError, FormField } from '../../../components/form-field';
import { StatusView } from '../../../components/status-view';
import { errorMessage } from '../../../services/api-client';
import { installSession, isStaffRole, readSession } from '../../../services/auth';
import { STALE_MESSAGE, getTaskCase, isStale, updateTask } from '../../../services/cases';
import { confirmAction, toast } from '../../../utils/confirm';
import { STAFF_LOGIN_ROUTE, STAFF_CASES_ROUTE } from '../../../utils/routes';
import {
  Card,
  CaseHeader,
  Choice,
  Timeline,
  caseTimeline,
  formatDate,
  useDepartmentNames,
} from '../components/parts';
import { RequireRouteParam } from '../../../components/missing-record';
import './index.scss';

/**
 * Staff of a parallel department (并联审批): their task on a case they may not open themselves
 * (`GET/POST /api/staff/case-tasks/:taskId`). The case header, the task's status and deadline, and the
 * task's actions: 开始办理, 办结（同意 / 不同意） with a note.
 */
function StaffTask({ taskId }: { taskId: string }) {
  const dept = useDepartmentNames();
  const [c, setCase] = useState<CaseDetail>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string>();
  const [actionError, setActionError] = useState<string>();
  const [outcome, setOutcome] = useState<CaseOutcome>('approved');
  const [note, setNote] = useState('');

  const load = useCallback(async () => {
    installSession();
    if (!isStaffRole(readSession()?.user.role)) {
      void Taro.redirectTo({ url: STAFF_LOGIN_ROUTE });
      return;
    }
    setError(null);
    try {
      setCase(await getTaskCase(taskId));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
      void Taro.stopPullDownRefresh();
    }
  }, [taskId]);

  useDidShow(() => {
    void load();
  });
  usePullDownRefresh(() => {
    void load();
  });
  useEffect(() => {
    if (c) void Taro.setNavigationBarTitle({ title: `并联任务 ${c.number}` });
  }, [c?.number]);

  const task = c?.tasks.find((t) => t.id === taskId);

  /** Confirm first; 409 CONFLICT says so and reloads; anything else shows the API's message. */
  const run = async (key: string, title: string, content: string, action: () => Promise<CaseDetail>) => {
    if (!(await confirmAction(title, content))) return;
    setBusy(key);
    setActionError(undefined);
    try {
      setCase(await action());
      setNote('');
      toast('操作成功', 'success');
    } catch (err) {
      if (isStale(err)) {
        setActionError(STALE_MESSAGE);
        toast(STALE_MESSAGE);
        await load();
      } else {
        setActionError(errorMessage(err));
      }
    } finally {
      setBusy(undefined);
    }
  };

  const trimmed = note.trim();
  const start = () =>
    void run('start', '并联任务', '确定开始办理本部门的并联任务吗？', () =>
      updateTask(taskId!, { status: 'in_progress', ...(trimmed ? { note: trimmed } : {}) }),
    );
  const complete = () =>
    void run('done', '并联任务', `确定本部门办结（${outcome === 'approved' ? '同意' : '不同意'}）吗？`, () =>
      updateTask(taskId!, { status: 'done', outcome, ...(trimmed ? { note: trimmed } : {}) }),
    );

  return (
    <View className="cases">
      <StatusView loading={loading} error={c ? null : error} onRetry={() => void load()}>
        {c ? (
          <>
            <CaseHeader c={c} dept={dept} />
            {task ? (
              <Card title={`本部门任务：${dept(task.department)}`} testId="my-task">
                <Text className="case-text" data-testid="task-status">
                  {`${task.statusLabel}${task.outcome ? `（${CASE_OUTCOME_LABELS[task.outcome]}）` : ''}`}
                </Text>
                <Text
                  className={`case-muted${task.status !== 'done' && task.overdue ? ' case-danger' : ''}`}
                  data-testid="task-deadline"
                >
                  {`时限 ${task.limitDays} 个工作日 · 期限 ${provisionalDateLabel(formatDate(task.dueDate), task.dueDateProvisional)}${
                    task.status !== 'done' && task.overdue
                      ? ' · 已超期'
                      : task.status !== 'done' && task.dueSoon
                        ? ' · 即将到期'
                        : ''
                  }`}
                </Text>
                {task.status === 'done' ? (
                  <Text className="case-muted">本部门任务已办结。</Text>
                ) : (
                  <View data-testid="task-actions">
                    <Choice<CaseOutcome>
                      value={outcome}
                      onChange={setOutcome}
                      options={[
                        { value: 'approved', label: '同意' },
                        { value: 'refused', label: '不同意' },
                      ]}
                    />
                    <FormField
                      label="办理意见（选填）"
                      name="taskNote"
                      maxlength={500}
                      value={note}
                      onChange={setNote}
                    />
                    <View className="case-actions">
                      {task.status === 'pending' ? (
                        <Button
                          size="small"
                          type="primary"
                          fill="outline"
                          disabled={!!busy}
                          loading={busy === 'start'}
                          onClick={start}
                        >
                          开始办理
                        </Button>
                      ) : null}
                      <Button
                        size="small"
                        type="success"
                        disabled={!!busy}
                        loading={busy === 'done'}
                        onClick={complete}
                      >
                        办结
                      </Button>
                    </View>
                  </View>
                )}
                <FormError message={actionError} />
              </Card>
            ) : (
              <Card title="本部门任务">
                <Text className="case-muted">找不到该任务</Text>
              </Card>
            )}
            <Card title="办理记录">
              <Timeline events={caseTimeline(c, dept)} />
            </Card>
          </>
        ) : null}
      </StatusView>
    </View>
  );
}

/** The page: without its id (a cut link) it says so and leads back to its list, asking nothing. */
export default function StaffTaskPage() {
  return (
    <RequireRouteParam name="taskId" listRoute={STAFF_CASES_ROUTE} listLabel="返回办件列表">
      {(taskId) => <StaffTask taskId={taskId} />}
    </RequireRouteParam>
  );
}
