import { useState } from 'react';
import { Text, Textarea, View } from '@tarojs/components';
import type { RectificationContact, RectificationView } from '@app/shared';
import { Button } from '../../../components/nut';
import { StatusView } from '../../../components/status-view';
import { useRemote } from '../../../hooks/use-remote';
import { errorMessage } from '../../../services/api-client';
import { installSession } from '../../../services/auth';
import { pickMaterialFile } from '../../../services/cases';
import {
  claimRectification,
  getRectification,
  rectificationContact,
  recordCallback,
  recordRectification,
  uploadEvidence,
} from '../../../services/ratings';
import { confirmAction, toast } from '../../../utils/confirm';
import { formatChinaTime } from '../../../utils/format';
import { RECTIFICATIONS_ROUTE } from '../../../utils/routes';
import { RequireRouteParam } from '../../../components/missing-record';
import '../ratings.scss';

function Area(props: { label: string; value: string; onChange: (v: string) => void; testId: string }) {
  return (
    <Textarea
      className="ratings-textarea"
      value={props.value}
      maxlength={1000}
      placeholder={props.label}
      aria-label={props.label}
      data-testid={props.testId}
      onInput={(e) => props.onChange(e.detail.value)}
    />
  );
}

/** One rectification: 承接回访, 评价人联系方式 (the assignee only), 回访, 佐证材料, 整改. */
function Rectification({ id }: { id: string }) {
  const state = useRemote(() => {
    installSession();
    return getRectification(id);
  }, [id]);
  const [r, setR] = useState<RectificationView>();
  const [contact, setContact] = useState<RectificationContact>();
  const [reached, setReached] = useState<boolean>();
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState('');
  const [actions, setActions] = useState('');
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();
  const view = r ?? state.data;

  const run = async (key: string, work: () => Promise<RectificationView | void>, done?: string) => {
    setBusy(key);
    setError(undefined);
    try {
      const next = await work();
      if (next) setR(next);
      if (done) toast(done, 'success');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(undefined);
    }
  };

  const callback = async () => {
    if (reached === undefined) return setError('请选择是否联系上评价人');
    if (!note.trim()) return setError('请填写回访情况');
    if (!(await confirmAction('登记回访', '回访记录提交后不能修改，确定提交吗？'))) return;
    await run('callback', () => recordCallback(id, { reached, note: note.trim() }), '已登记回访');
  };
  const rectify = async () => {
    if (!problem.trim() || !actions.trim()) return setError('请填写存在问题和整改措施');
    if (!(await confirmAction('登记整改', '提交后将告知评价人整改结果，且不能修改。确定提交吗？'))) return;
    await run(
      'rectify',
      () => recordRectification(id, { problem: problem.trim(), actions: actions.trim() }),
      '已登记整改',
    );
  };
  const upload = async () => {
    const file = await pickMaterialFile().catch(() => undefined);
    if (!file) return;
    await run(
      'upload',
      async () => {
        await uploadEvidence(id, file);
        return getRectification(id);
      },
      '已上传',
    );
  };

  return (
    <View className="ratings-page">
      <StatusView loading={state.loading && !view} error={state.error} onRetry={state.reload}>
        {view ? (
          <>
            <View className="ratings-card" data-testid="rectification">
              <Text className="ratings-title">{view.serviceTitle}</Text>
              <Text
                className="ratings-text"
                data-testid="rectification-status"
              >{`${view.levelLabel} · ${view.statusLabel}`}</Text>
              {view.reasons.length ? (
                <Text className="ratings-muted">{view.reasons.map((x) => x.label).join('、')}</Text>
              ) : null}
              {view.comment ? <Text className="ratings-text">{`评价内容：${view.comment}`}</Text> : null}
              <Text className="ratings-muted">{`回访期限 ${view.callbackDueDate} · 整改期限 ${view.rectifyDueDate}`}</Text>
              {view.callbackOverdue ? <Text className="ratings-flag">回访已超期</Text> : null}
              {view.rectifyOverdue ? <Text className="ratings-flag">整改已超期</Text> : null}
              {view.reRating ? (
                <Text className="ratings-text">{`整改后评价：${view.reRating.levelLabel}`}</Text>
              ) : null}
            </View>
            {view.status === 'awaiting_callback' ? (
              <View className="ratings-card" data-testid="callback-card">
                <Text className="ratings-title">回访</Text>
                {!view.assignedToMe && !view.assignee ? (
                  <Button
                    size="small"
                    type="primary"
                    fill="outline"
                    loading={busy === 'claim'}
                    disabled={!!busy}
                    data-testid="claim"
                    onClick={() => void run('claim', () => claimRectification(id), '已承接回访')}
                  >
                    承接回访
                  </Button>
                ) : null}
                {view.assignee && !view.assignedToMe ? (
                  <Text className="ratings-muted">{`由 ${view.assignee.name ?? '其他工作人员'} 负责回访`}</Text>
                ) : null}
                {view.assignedToMe ? (
                  contact ? (
                    <Text
                      className="ratings-text"
                      data-testid="contact"
                    >{`评价人：${contact.name} ${contact.phone ?? ''}`}</Text>
                  ) : (
                    <Button
                      size="small"
                      type="default"
                      disabled={!!busy}
                      data-testid="show-contact"
                      onClick={() =>
                        void run('contact', async () => setContact(await rectificationContact(id)))
                      }
                    >
                      查看评价人联系方式（留痕）
                    </Button>
                  )
                ) : null}
                {!view.assignee || view.assignedToMe ? (
                  <>
                    <View className="ratings-chips" role="radiogroup" aria-label="是否联系上">
                      {[true, false].map((v) => (
                        <View
                          key={String(v)}
                          role="radio"
                          aria-checked={reached === v}
                          data-testid={`reached-${v}`}
                          className={`ratings-chip${reached === v ? ' ratings-chip--active' : ''}`}
                          onClick={() => setReached(v)}
                        >
                          {v ? '已联系上' : '未联系上'}
                        </View>
                      ))}
                    </View>
                    <Area
                      label="回访情况（评价人反映的问题）"
                      value={note}
                      onChange={setNote}
                      testId="callback-note"
                    />
                    <Button
                      type="primary"
                      block
                      loading={busy === 'callback'}
                      disabled={!!busy}
                      data-testid="submit-callback"
                      onClick={() => void callback()}
                    >
                      登记回访
                    </Button>
                  </>
                ) : null}
              </View>
            ) : view.callback ? (
              <View className="ratings-card">
                <Text className="ratings-title">回访记录</Text>
                <Text className="ratings-text">{`${view.callback.reached ? '已联系上' : '未联系上'}：${view.callback.note}`}</Text>
                <Text className="ratings-muted">{`${formatChinaTime(view.callback.at, { withDate: true })}${view.callback.onTime ? '' : '（超期）'}`}</Text>
              </View>
            ) : null}
            {view.status === 'awaiting_rectification' ? (
              <View className="ratings-card" data-testid="rectify-card">
                <Text className="ratings-title">整改</Text>
                <Area label="存在问题" value={problem} onChange={setProblem} testId="rectify-problem" />
                <Area label="整改措施" value={actions} onChange={setActions} testId="rectify-actions" />
                {view.pendingEvidence.map((f) => (
                  <Text key={f.id} className="ratings-muted">{`佐证：${f.filename}`}</Text>
                ))}
                <Button
                  size="small"
                  type="default"
                  disabled={!!busy}
                  loading={busy === 'upload'}
                  onClick={() => void upload()}
                >
                  上传佐证材料
                </Button>
                <Button
                  type="primary"
                  block
                  loading={busy === 'rectify'}
                  disabled={!!busy}
                  data-testid="submit-rectify"
                  onClick={() => void rectify()}
                >
                  登记整改
                </Button>
              </View>
            ) : null}
            {view.rectification ? (
              <View className="ratings-card" data-testid="rectification-record">
                <Text className="ratings-title">整改记录</Text>
                <Text className="ratings-text">{`存在问题：${view.rectification.problem}`}</Text>
                <Text className="ratings-text">{`整改措施：${view.rectification.actions}`}</Text>
                <Text className="ratings-muted">{`${formatChinaTime(view.rectification.at, { withDate: true })}${view.rectification.onTime ? '' : '（超期）'} · 佐证 ${view.rectification.evidence.length} 份`}</Text>
              </View>
            ) : null}
            {error ? (
              <View className="ratings-card">
                <Text className="ratings-error" data-testid="action-error">
                  {error}
                </Text>
              </View>
            ) : null}
          </>
        ) : null}
      </StatusView>
    </View>
  );
}

/** The page: without its id (a cut link) it says so and leads back to its list, asking nothing. */
export default function RectificationPage() {
  return (
    <RequireRouteParam name="id" listRoute={RECTIFICATIONS_ROUTE} listLabel="返回差评整改">
      {(id) => <Rectification id={id} />}
    </RequireRouteParam>
  );
}
