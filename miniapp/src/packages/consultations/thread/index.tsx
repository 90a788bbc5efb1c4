import { useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { provisionalDateLabel } from '@app/shared';
import { errorMessage } from '../../../services/api-client';
import { ensureSession, installSession } from '../../../services/auth';
import { followUp, getConsultation, provideInfo, resolveConsultation } from '../../../services/consultations';
import { Button } from '../../../components/nut';
import { RatingCard } from '../../../components/rating-card';
import { StatusView } from '../../../components/status-view';
import { useRemote } from '../../../hooks/use-remote';
import { confirmAction, toast } from '../../../utils/confirm';
import { MY_CONSULTATIONS_ROUTE } from '../../../utils/routes';
import { DueChip, TextBox, Thread } from '../components/parts';
import { Pictures } from '../components/pictures';
import { RequireRouteParam } from '../../../components/missing-record';
import './index.scss';

/** The person's thread: question, answers (staff names masked), follow-up (≤ 3), supply information, resolve. */
function ConsultationThread({ id }: { id: string }) {
  const c = useRemote(async () => {
    installSession();
    await ensureSession();
    return getConsultation(id);
  }, [id]);
  useDidShow(() => {
    if (c.data) c.reload();
  });
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      setText('');
      toast(done, 'success');
      c.reload();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const d = c.data;
  const can = (a: string) => d?.allowedActions.includes(a as never) ?? false;

  return (
    <View className="zx">
      <StatusView loading={c.loading && !d} error={c.error} onRetry={c.reload}>
        {d ? (
          <>
            <View className="zx-card">
              <View className="zx-row">
                <Text className="zx-title">{d.title}</Text>
                <Text className="zx-chip" data-testid="status">
                  {d.statusLabel}
                </Text>
              </View>
              <Text className="zx-muted">{`${d.number} · ${d.itemName ?? d.departmentName}`}</Text>
              <View className="zx-row">
                <Text className="zx-muted">
                  {d.clock.dueDate
                    ? `答复期限 ${provisionalDateLabel(d.clock.dueDate, d.clock.dueDateProvisional)}`
                    : d.clock.paused
                      ? '等待您补充信息，计时暂停'
                      : ' '}
                </Text>
                <DueChip c={d} />
              </View>
              <Pictures pictures={d.pictures} />
            </View>
            <Thread c={d} />
            {d.status === 'answered' || d.status === 'resolved' ? (
              <RatingCard kind="consultation" id={d.id} />
            ) : null}
            {can('provide_info') || can('follow_up') ? (
              <View className="zx-card">
                <TextBox
                  label={can('provide_info') ? '补充信息' : `追问（还可追问 ${d.followUpsLeft} 次）`}
                  name="reply"
                  value={text}
                  max={1000}
                  onChange={setText}
                />
                <View className="zx-actions">
                  <Button
                    type="primary"
                    size="small"
                    disabled={busy}
                    data-testid="send-reply"
                    onClick={() =>
                      void run(
                        () => (can('provide_info') ? provideInfo(d.id, text) : followUp(d.id, text)),
                        can('provide_info') ? '已补充' : '已追问',
                      )
                    }
                  >
                    {can('provide_info') ? '提交补充' : '追问'}
                  </Button>
                </View>
              </View>
            ) : null}
            {error ? (
              <View className="zx-card" role="alert" data-testid="action-error">
                <Text className="zx-error">{error}</Text>
              </View>
            ) : null}
            {can('resolve') ? (
              <View className="zx-actions" style={{ padding: '0 24px' }}>
                <Button
                  block
                  type="primary"
                  fill="outline"
                  disabled={busy}
                  data-testid="resolve"
                  onClick={() =>
                    void (async () => {
                      if (await confirmAction('标记为已解决', '确认问题已解决？标记后不能再追问。'))
                        await run(() => resolveConsultation(d.id), '已标记为已解决');
                    })()
                  }
                >
                  问题已解决
                </Button>
              </View>
            ) : null}
          </>
        ) : null}
      </StatusView>
    </View>
  );
}

/** The page: without its id (a cut link) it says so and leads back to its list, asking nothing. */
export default function ThreadPage() {
  return (
    <RequireRouteParam name="id" listRoute={MY_CONSULTATIONS_ROUTE} listLabel="返回我的咨询">
      {(id) => <ConsultationThread id={id} />}
    </RequireRouteParam>
  );
}
