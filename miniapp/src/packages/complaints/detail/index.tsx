import { useCallback, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { COMPLAINT_KIND_LABELS, type ComplaintDetail } from '@app/shared';
import { Button } from '../../../components/nut';
import { RatingCard } from '../../../components/rating-card';
import { StatusView } from '../../../components/status-view';
import { errorMessage } from '../../../services/api-client';
import { ensureSession, installSession } from '../../../services/auth';
import { getComplaint, sendFeedback } from '../../../services/complaints';
import { confirmAction, toast } from '../../../utils/confirm';
import { MY_COMPLAINTS_ROUTE } from '../../../utils/routes';
import { Card, Flags, ReplyCard, Timeline } from '../components/parts';
import { RequireRouteParam } from '../../../components/missing-record';
import './index.scss';

/** The person's complaint: status, department, due date, the reply, 是否解决, and the whole timeline. */
function ComplaintView({ id }: { id: string }) {
  const [c, setC] = useState<ComplaintDetail>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      installSession();
      await ensureSession();
      setC(await getComplaint(id));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, [id]);
  useDidShow(() => void load());

  const feedback = async (solved: boolean) => {
    if (
      !(await confirmAction(
        '问题是否解决',
        solved ? '确认问题已解决？' : '确认问题未解决？回访人员会与您联系。',
      ))
    )
      return;
    setBusy(true);
    try {
      setC(await sendFeedback(id, solved));
      toast('已反馈', 'success');
    } catch (err) {
      toast(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="cp-page">
      <StatusView loading={loading} error={error} onRetry={() => void load()}>
        {c ? (
          <>
            <Card testId="complaint-head">
              <View className="cp-row">
                <Text className="cp-title">{`${COMPLAINT_KIND_LABELS[c.kind]}：${c.subject.label}`}</Text>
                <Text className="cp-chip" data-testid="status-chip">
                  {c.statusLabel}
                </Text>
              </View>
              <Text className="cp-muted">{`编号 ${c.number}`}</Text>
              {c.leadDepartmentName ? (
                <Text className="cp-muted">{`承办部门：${c.leadDepartmentName}`}</Text>
              ) : null}
              {c.dueDate ? <Text className="cp-muted">{`办理时限：${c.dueDate}`}</Text> : null}
              {c.anonymous ? <Text className="cp-warn">匿名举报：不回访</Text> : null}
              <Flags c={c} />
              <Text className="cp-text">{c.description}</Text>
            </Card>
            <ReplyCard c={c} />
            {c.actions.includes('feedback') ? (
              <Card title="问题解决了吗？" testId="feedback">
                <View className="cp-actions">
                  <Button size="small" type="primary" disabled={busy} onClick={() => void feedback(true)}>
                    已解决
                  </Button>
                  <Button size="small" type="default" disabled={busy} onClick={() => void feedback(false)}>
                    未解决
                  </Button>
                </View>
              </Card>
            ) : c.feedback ? (
              <Card testId="feedback-done">
                <Text className="cp-text">
                  {c.feedback.solved ? '您已反馈：问题已解决' : '您已反馈：问题未解决'}
                </Text>
              </Card>
            ) : null}
            {c.rating.open || c.rating.rated ? <RatingCard kind="complaint" id={c.id} /> : null}
            <Card title="办理进度">
              <Timeline c={c} />
            </Card>
          </>
        ) : null}
      </StatusView>
    </View>
  );
}

/** The page: without its id (a cut link) it says so and leads back to its list, asking nothing. */
export default function ComplaintDetailPage() {
  return (
    <RequireRouteParam name="id" listRoute={MY_COMPLAINTS_ROUTE} listLabel="返回我的投诉">
      {(id) => <ComplaintView id={id} />}
    </RequireRouteParam>
  );
}
