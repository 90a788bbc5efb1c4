import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { provisionalDateLabel, type ConsultationDetail } from '@app/shared';
import { Button } from '../../../components/nut';
import { StatusView } from '../../../components/status-view';
import { useRemote } from '../../../hooks/use-remote';
import { ApiError, errorMessage } from '../../../services/api-client';
import { installSession } from '../../../services/auth';
import {
  answerConsultation,
  claimConsultation,
  closeDuplicate,
  getConsultation,
  publishFaq,
  requestInfo,
  transferConsultation,
} from '../../../services/consultations';
import { confirmAction, toast } from '../../../utils/confirm';
import { STAFF_CONSULTATIONS_ROUTE } from '../../../utils/routes';
import { Check, DueChip, TextBox, Thread } from '../components/parts';
import { Pictures } from '../components/pictures';
import { RequireRouteParam } from '../../../components/missing-record';
import './index.scss';

type Panel = 'answer' | 'transfer' | 'request_info' | 'close_duplicate' | 'faq' | null;

/** The original question and last answer beside the FAQ form; publishing needs the no-personal-data check. */
function FaqForm({ c, onDone }: { c: ConsultationDetail; onDone: () => void }) {
  const lastAnswer = [...c.events].reverse().find((e) => e.kind === 'answered');
  const [question, setQuestion] = useState(c.title);
  const [answer, setAnswer] = useState(lastAnswer?.text ?? '');
  const [items, setItems] = useState(c.itemCode ?? '');
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async () => {
    if (!confirmed) {
      setError('请先确认已去除姓名、证件号、电话、地址等个人信息');
      return;
    }
    try {
      await publishFaq({
        question,
        answer,
        items: items.split(/[,，\s]+/).filter(Boolean),
        departments: c.department ? [c.department] : [],
        consultationId: c.id,
        confirmNoPersonalData: true,
        publish: true,
      });
      toast('已发布为常见问题', 'success');
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <View className="zx-card" data-testid="faq-form">
      <Text className="zx-title">发布为常见问题</Text>
      <View
        className="zx-card"
        style={{ margin: '12px 0', background: '#f8f9fb' }}
        data-testid="faq-original"
      >
        <Text className="zx-muted">原始咨询（仅供参考，勿照搬个人信息）</Text>
        <Text className="zx-text">{`问：${c.question}`}</Text>
        {lastAnswer?.text ? <Text className="zx-text">{`答：${lastAnswer.text}`}</Text> : null}
      </View>
      <TextBox label="通用问题" name="faq-question" value={question} max={200} onChange={setQuestion} />
      <TextBox label="通用答案" name="faq-answer" value={answer} max={2000} onChange={setAnswer} />
      <Text className="zx-label">关联事项编码（多个用逗号分隔）</Text>
      <Input
        className="zx-input"
        aria-label="关联事项编码"
        value={items}
        onInput={(e) => setItems(e.detail.value)}
      />
      <Check
        checked={confirmed}
        onChange={setConfirmed}
        label="我已确认内容中没有任何个人信息"
        testId="faq-confirm"
      />
      {error ? (
        <View role="alert" data-testid="faq-error">
          <Text className="zx-error">{error}</Text>
        </View>
      ) : null}
      <View className="zx-actions">
        <Button type="primary" size="small" data-testid="faq-publish" onClick={() => void submit()}>
          发布
        </Button>
      </View>
    </View>
  );
}

/** Staff: one consultation with the actions its status allows; a lost race shows the current state. */
function StaffConsultation({ id }: { id: string }) {
  const c = useRemote(async () => {
    installSession();
    return getConsultation(id);
  }, [id]);
  const [panel, setPanel] = useState<Panel>(null);
  const [text, setText] = useState('');
  const [extra, setExtra] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const d = c.data;
  const can = (a: string) => d?.allowedActions.includes(a as never) ?? false;

  const run = async (action: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      toast(done, 'success');
      setPanel(null);
      setText('');
      setExtra('');
    } catch (err) {
      setError(
        err instanceof ApiError && err.code === 'CONFLICT'
          ? `${err.message}（已刷新为最新状态）`
          : errorMessage(err),
      );
    } finally {
      setBusy(false);
      c.reload();
    }
  };

  const submitPanel = async () => {
    if (!d) return;
    if (panel === 'answer')
      await run(
        () => answerConsultation(d.id, text, extra.split(/[,，\s]+/).filter(Boolean), d.version),
        '已答复',
      );
    if (panel === 'transfer') await run(() => transferConsultation(d.id, extra.trim(), text), '已转办');
    if (panel === 'request_info') await run(() => requestInfo(d.id, text), '已请求补充信息');
    if (
      panel === 'close_duplicate' &&
      (await confirmAction('关闭为重复咨询', `确认与 ${extra} 重复并关闭？关闭后不能恢复。`))
    )
      await run(() => closeDuplicate(d.id, extra.trim()), '已关闭');
  };

  const LABELS: Record<Exclude<Panel, null | 'faq'>, { title: string; text: string; extra?: string }> = {
    answer: { title: '答复', text: '答复内容', extra: '关联事项编码（选填，逗号分隔）' },
    transfer: { title: '转办', text: '转办原因', extra: '转至部门编码' },
    request_info: { title: '请补充信息', text: '需补充的内容' },
    close_duplicate: { title: '重复咨询', text: '', extra: '原咨询编号（ZX-…）' },
  };

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
              <Text className="zx-muted">{`${d.number} · ${d.departmentName}${d.itemName ? ` · ${d.itemName}` : ''}`}</Text>
              <Text className="zx-muted">{`咨询人 ${d.askerName ?? '—'}${d.callBack ? ' · 同意电话回复' : ''}${d.enterpriseName ? ` · ${d.enterpriseName}` : ''}`}</Text>
              <View className="zx-row">
                <Text className="zx-muted">
                  {d.clock.dueDate
                    ? `答复期限 ${provisionalDateLabel(d.clock.dueDate, d.clock.dueDateProvisional)}`
                    : d.clock.paused
                      ? '等待补充信息，计时暂停'
                      : ' '}
                </Text>
                <DueChip c={d} />
              </View>
              <Pictures pictures={d.pictures} />
              {d.readOnly ? <Text className="zx-muted">该咨询已转至其他部门，仅可查看</Text> : null}
            </View>
            <Thread c={d} />
            {error ? (
              <View className="zx-card" role="alert" data-testid="action-error">
                <Text className="zx-error">{error}</Text>
              </View>
            ) : null}
            <View className="zx-actions" style={{ padding: '0 24px' }}>
              {can('claim') ? (
                <Button
                  type="primary"
                  size="small"
                  disabled={busy}
                  data-testid="claim"
                  onClick={() => void run(() => claimConsultation(d.id, d.version), '已受理')}
                >
                  受理
                </Button>
              ) : null}
              {(['answer', 'transfer', 'request_info', 'close_duplicate'] as const).filter(can).map((p) => (
                <Button
                  key={p}
                  size="small"
                  type={p === 'answer' ? 'primary' : 'default'}
                  data-testid={`open-${p}`}
                  onClick={() => setPanel(panel === p ? null : p)}
                >
                  {LABELS[p].title}
                </Button>
              ))}
              {d.events.some((e) => e.kind === 'answered') && !d.readOnly ? (
                <Button
                  size="small"
                  fill="outline"
                  data-testid="open-faq"
                  onClick={() => setPanel(panel === 'faq' ? null : 'faq')}
                >
                  发布为常见问题
                </Button>
              ) : null}
            </View>
            {panel && panel !== 'faq' ? (
              <View className="zx-card" data-testid={`panel-${panel}`}>
                {LABELS[panel].text ? (
                  <TextBox
                    label={LABELS[panel].text}
                    name="action-text"
                    value={text}
                    max={2000}
                    onChange={setText}
                  />
                ) : null}
                {LABELS[panel].extra ? (
                  <>
                    <Text className="zx-label">{LABELS[panel].extra}</Text>
                    <Input
                      className="zx-input"
                      aria-label={LABELS[panel].extra}
                      value={extra}
                      onInput={(e) => setExtra(e.detail.value)}
                    />
                  </>
                ) : null}
                <View className="zx-actions">
                  <Button
                    type="primary"
                    size="small"
                    disabled={busy}
                    data-testid="submit-action"
                    onClick={() => void submitPanel()}
                  >
                    提交
                  </Button>
                </View>
              </View>
            ) : null}
            {panel === 'faq' ? <FaqForm c={d} onDone={() => setPanel(null)} /> : null}
          </>
        ) : null}
      </StatusView>
    </View>
  );
}

/** The page: without its id (a cut link) it says so and leads back to its list, asking nothing. */
export default function StaffConsultationPage() {
  return (
    <RequireRouteParam name="id" listRoute={STAFF_CONSULTATIONS_ROUTE} listLabel="返回咨询答复">
      {(id) => <StaffConsultation id={id} />}
    </RequireRouteParam>
  );
}
