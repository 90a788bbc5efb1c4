import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import {
  COMPLAINT_REJECT_REASONS,
  COMPLAINT_REJECT_REASON_LABELS,
  FOLLOWUP_METHODS,
  FOLLOWUP_METHOD_LABELS,
  FOLLOWUP_VERDICTS,
  FOLLOWUP_VERDICT_LABELS,
  type ComplaintDetail,
} from '@app/shared';
import { Button } from '../../../components/nut';
import { Card, Choice, TextBox } from '../components/parts';

/** What each action button is called, and whether it needs the person to confirm. */
export const ACTION_LABELS: Record<string, string> = {
  accept: '受理',
  reject: '不予受理',
  dispatch: '交办',
  return: '退单',
  co_part: '协办意见',
  request_extension: '申请延期',
  decide_extension: '审批延期',
  reply: '答复',
  reply_final: '答复并办结',
  followup: '回访',
  supervise: '督办',
  answer_supervision: '回复督办',
  escalation: '督查决定',
};

export interface Submit {
  (step: string, body: Record<string, unknown>, confirm: string): void;
}

/** The form of one action; `onSubmit` gets the route's step and its body (the page adds the version). */
export function ActionForm({
  action,
  c,
  departments,
  busy,
  onSubmit,
}: {
  action: string;
  c: ComplaintDetail;
  departments: Array<{ code: string; name: string }>;
  busy: boolean;
  onSubmit: Submit;
}) {
  const [text, setText] = useState('');
  const [text2, setText2] = useState('');
  const [pick, setPick] = useState<string>();
  const [pick2, setPick2] = useState<string>();
  const [co, setCo] = useState<string[]>([]);
  const [error, setError] = useState<string>();
  const need = (ok: boolean, message: string) => {
    if (!ok) setError(message);
    return ok;
  };
  const go: Record<string, () => void> = {
    accept: () => onSubmit('accept', {}, '确定受理？受理后开始计算办理时限。'),
    reject: () =>
      need(!!pick && text.trim().length > 0, '请选择理由并写明说明') &&
      onSubmit('reject', { reason: pick, note: text }, '确定不予受理？群众会看到理由和说明。'),
    dispatch: () =>
      need(!!pick, '请选择承办部门') &&
      onSubmit(
        'dispatch',
        { leadDepartment: pick, coDepartments: co.filter((d) => d !== pick) },
        '确定交办？',
      ),
    return: () =>
      need(text.trim().length >= 2, '请写明退单理由') && onSubmit('return', { reason: text }, '确定退单？'),
    co_part: () =>
      need(text.trim().length >= 2, '请填写协办意见') &&
      onSubmit('co-part', { part: text }, '确定提交协办意见？'),
    request_extension: () =>
      need(Number(text2) >= 1 && text.trim().length >= 2, '请填写延期天数（工作日）和理由') &&
      onSubmit('extension', { days: Number(text2), reason: text }, '确定申请延期？每件只能延期一次。'),
    decide_extension: () =>
      need(!!pick, '请选择同意或不同意') &&
      onSubmit(
        'extension/decision',
        { approve: pick === 'yes', ...(text.trim() ? { note: text } : {}) },
        '确定提交审批结果？',
      ),
    reply: () =>
      need(text.trim().length >= 2 && text2.trim().length >= 2, '请填写办理结果和答复内容') &&
      onSubmit('reply', { result: text, reply: text2 }, '确定答复？答复后将通知群众。'),
    followup: () => {
      if (!need(!!pick && !!pick2, '请选择回访方式和是否联系上')) return;
      if (pick2 === 'yes' && !need(!!co[0], '请选择回访结果')) return;
      onSubmit(
        'followups',
        {
          method: pick,
          reached: pick2 === 'yes',
          ...(pick2 === 'yes' ? { verdict: co[0] } : {}),
          ...(text.trim() ? { note: text } : {}),
        },
        co[0] === 'unsatisfied'
          ? '群众不满意，将退回承办部门重办（两次后转督查）。确定？'
          : '确定记录本次回访？',
      );
    },
    supervise: () =>
      need(text.trim().length >= 2, '请填写督办意见') &&
      onSubmit('supervise', { note: text }, '确定下发督办？'),
    answer_supervision: () => {
      const s = c.supervisions.find((x) => !x.answeredAt);
      if (need(!!s && text.trim().length >= 2, '请填写督办回复'))
        onSubmit(`supervisions/${s!.id}/answer`, { answer: text }, '确定回复督办？');
    },
    escalation: () =>
      need(!!pick && text.trim().length >= 2, '请选择决定并写明督查意见') &&
      onSubmit(
        'escalation',
        { decision: pick, note: text },
        pick === 'close' ? '确定办结？' : '确定要求重办？',
      ),
  };
  const name = ACTION_LABELS[action] ?? action;
  return (
    <Card title={name} testId={`form-${action}`}>
      {action === 'reject' ? (
        <Choice
          testId="reason"
          value={pick}
          onChange={setPick}
          options={COMPLAINT_REJECT_REASONS.map((r) => ({
            value: r,
            label: COMPLAINT_REJECT_REASON_LABELS[r],
          }))}
        />
      ) : null}
      {action === 'dispatch' ? (
        <>
          <Text className="cp-muted">承办部门</Text>
          <Choice
            testId="lead"
            value={pick}
            onChange={setPick}
            options={departments.map((d) => ({ value: d.code, label: d.name }))}
          />
          <Text className="cp-muted">协办部门（可多选）</Text>
          <View className="cp-choice">
            {departments
              .filter((d) => d.code !== pick)
              .map((d) => (
                <View
                  key={d.code}
                  role="checkbox"
                  aria-checked={co.includes(d.code)}
                  className={`cp-choice__item${co.includes(d.code) ? ' cp-choice__item--active' : ''}`}
                  onClick={() =>
                    setCo((l) => (l.includes(d.code) ? l.filter((x) => x !== d.code) : [...l, d.code]))
                  }
                >
                  {d.name}
                </View>
              ))}
          </View>
          <Text className="cp-muted">{`默认办理时限至 ${c.dueDate ?? '—'}`}</Text>
        </>
      ) : null}
      {action === 'decide_extension' ? (
        <>
          <Text className="cp-text">{`申请延期 ${c.extension?.days ?? 0} 个工作日：${c.extension?.reason ?? ''}`}</Text>
          <Choice
            testId="approve"
            value={pick}
            onChange={setPick}
            options={[
              { value: 'yes', label: '同意' },
              { value: 'no', label: '不同意' },
            ]}
          />
        </>
      ) : null}
      {action === 'followup' ? (
        <>
          <Choice
            testId="method"
            value={pick}
            onChange={setPick}
            options={FOLLOWUP_METHODS.map((m) => ({ value: m, label: FOLLOWUP_METHOD_LABELS[m] }))}
          />
          <Choice
            testId="reached"
            value={pick2}
            onChange={setPick2}
            options={[
              { value: 'yes', label: '已联系上' },
              { value: 'no', label: '未联系上' },
            ]}
          />
          {pick2 === 'yes' ? (
            <Choice
              testId="verdict"
              value={co[0]}
              onChange={(v) => setCo([v])}
              options={FOLLOWUP_VERDICTS.map((v) => ({ value: v, label: FOLLOWUP_VERDICT_LABELS[v] }))}
            />
          ) : null}
        </>
      ) : null}
      {action === 'escalation' ? (
        <Choice
          testId="decision"
          value={pick}
          onChange={setPick}
          options={[
            { value: 'redo', label: '要求重办' },
            { value: 'close', label: '办结' },
          ]}
        />
      ) : null}
      {action === 'request_extension' ? (
        <TextBox label="延期天数（工作日）" name="days" value={text2} onChange={setText2} maxlength={2} />
      ) : null}
      {action === 'reply' ? (
        <>
          <TextBox label="办理结果" name="result" value={text} onChange={setText} maxlength={2000} />
          <TextBox label="答复群众" name="reply" value={text2} onChange={setText2} maxlength={2000} />
        </>
      ) : action !== 'accept' && action !== 'dispatch' ? (
        <TextBox
          label={
            {
              reject: '说明（去向）',
              return: '退单理由',
              co_part: '协办意见',
              request_extension: '延期理由',
              supervise: '督办意见',
              answer_supervision: '督办回复',
              escalation: '督查意见',
            }[action] ?? '备注'
          }
          name="text"
          value={text}
          onChange={setText}
          maxlength={1000}
        />
      ) : null}
      {error ? (
        <View role="alert" data-testid="action-error">
          <Text className="cp-error">{error}</Text>
        </View>
      ) : null}
      <View className="cp-actions">
        <Button
          type="primary"
          size="small"
          disabled={busy}
          loading={busy}
          data-testid={`submit-${action}`}
          onClick={() => {
            setError(undefined);
            go[action]?.();
          }}
        >
          {`提交${name}`}
        </Button>
      </View>
    </Card>
  );
}
