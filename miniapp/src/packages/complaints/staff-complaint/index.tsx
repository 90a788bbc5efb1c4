import { useCallback, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { COMPLAINT_KIND_LABELS, type ComplaintContact, type ComplaintDetail } from '@app/shared';
import { Button } from '../../../components/nut';
import { StatusView } from '../../../components/status-view';
import { errorMessage } from '../../../services/api-client';
import { installSession } from '../../../services/auth';
import { listDepartments } from '../../../services/catalog';
import { getComplaint, revealContact, staffStep } from '../../../services/complaints';
import { confirmAction, toast } from '../../../utils/confirm';
import { STAFF_COMPLAINTS_ROUTE } from '../../../utils/routes';
import { Card, Flags, ReplyCard, Timeline } from '../components/parts';
import { ACTION_LABELS, ActionForm } from './actions';
import { RequireRouteParam } from '../../../components/missing-record';
import './index.scss';

/**
 * A complaint on the workbench: its flags, the person's contact masked (in full only on an explicit,
 * audited tap), co-department parts, 督办, the timeline, and the actions the caller's duty allows now.
 */
function StaffComplaint({ id }: { id: string }) {
  const [c, setC] = useState<ComplaintDetail>();
  const [departments, setDepartments] = useState<Array<{ code: string; name: string }>>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [action, setAction] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [contact, setContact] = useState<ComplaintContact>();

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      installSession();
      const [detail, depts] = await Promise.all([getComplaint(id), listDepartments().catch(() => [])]);
      setC(detail);
      setDepartments(depts.map((d) => ({ code: d.code, name: d.name })));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, [id]);
  useDidShow(() => void load());

  const submit = async (step: string, body: Record<string, unknown>, confirm: string) => {
    if (!c || !(await confirmAction(ACTION_LABELS[action ?? ''] ?? '确认', confirm))) return;
    setBusy(true);
    try {
      setC(await staffStep(id, step, { version: c.version, ...body }));
      setAction(undefined);
      toast('已提交', 'success');
    } catch (err) {
      toast(errorMessage(err));
      // Somebody acted first (409): show what is true now.
      if ((err as { status?: number }).status === 409) void load();
    } finally {
      setBusy(false);
    }
  };

  const reveal = async () => {
    if (!(await confirmAction('查看完整联系方式', '本次查看将记入审计日志。确定查看？', '查看'))) return;
    try {
      setContact(await revealContact(id, '回访核实'));
    } catch (err) {
      toast(errorMessage(err));
    }
  };

  const buttons = (c?.actions ?? []).filter((a) => ACTION_LABELS[a]);
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
              <Text className="cp-muted">{`编号 ${c.number}${c.dueDate ? ` · 办理时限 ${c.dueDate}` : ''}`}</Text>
              {c.leadDepartmentName ? (
                <Text className="cp-muted">{`承办：${c.leadDepartmentName}`}</Text>
              ) : null}
              {c.repeatOf ? <Text className="cp-warn">{`重复投诉，关联 ${c.repeatOf.number}`}</Text> : null}
              <Flags c={c} />
              <Text className="cp-text">{c.description}</Text>
              {c.wish ? <Text className="cp-text">{`诉求：${c.wish}`}</Text> : null}
            </Card>
            <Card title="诉求人" testId="contact">
              {c.anonymous ? (
                <Text className="cp-muted">匿名举报，无联系人信息</Text>
              ) : contact ? (
                <Text
                  className="cp-text"
                  data-testid="contact-full"
                >{`${contact.name} ${contact.phone ?? ''}${contact.enterprise ? ` · ${contact.enterprise}` : ''}`}</Text>
              ) : c.contact ? (
                <Text
                  className="cp-text"
                  data-testid="contact-masked"
                >{`${c.contact.name} ${c.contact.phone ?? ''}`}</Text>
              ) : (
                <Text className="cp-muted">举报人信息保密</Text>
              )}
              {!contact && c.actions.includes('reveal_contact') ? (
                <Text className="cp-link" data-testid="reveal" onClick={() => void reveal()}>
                  查看完整联系方式（记入审计）
                </Text>
              ) : null}
            </Card>
            {c.coDepartments.length ? (
              <Card title="协办部门">
                {c.coDepartments.map((d) => (
                  <Text
                    key={d.department}
                    className="cp-text"
                  >{`${d.name}：${d.part ?? '尚未提交意见'}`}</Text>
                ))}
              </Card>
            ) : null}
            {c.result ? (
              <Card title="办理结果">
                <Text className="cp-text">{c.result}</Text>
              </Card>
            ) : null}
            <ReplyCard c={c} />
            {c.supervisions.length ? (
              <Card title="督办">
                {c.supervisions.map((s) => (
                  <Text
                    key={s.id}
                    className="cp-text"
                  >{`${s.note}${s.answer ? ` —— 回复：${s.answer}` : '（待回复）'}`}</Text>
                ))}
              </Card>
            ) : null}
            {c.followups.length ? (
              <Card title="回访记录">
                {c.followups.map((f, i) => (
                  <Text
                    key={i}
                    className="cp-text"
                  >{`${f.date} ${f.method} ${f.reached ? `已联系上 ${f.verdict ?? ''}` : '未联系上'}`}</Text>
                ))}
              </Card>
            ) : null}
            {buttons.length ? (
              <Card title="操作" testId="actions">
                <View className="cp-actions">
                  {buttons.map((a) => (
                    <Button
                      key={a}
                      size="small"
                      type={action === a ? 'primary' : 'default'}
                      data-testid={`action-${a}`}
                      onClick={() => setAction(a)}
                    >
                      {ACTION_LABELS[a]}
                    </Button>
                  ))}
                </View>
              </Card>
            ) : null}
            {action ? (
              <ActionForm
                key={action}
                action={action}
                c={c}
                departments={departments}
                busy={busy}
                onSubmit={(s, b, m) => void submit(s, b, m)}
              />
            ) : null}
            <Card title="时间线">
              <Timeline c={c} />
            </Card>
          </>
        ) : null}
      </StatusView>
    </View>
  );
}

/** The page: without its id (a cut link) it says so and leads back to its list, asking nothing. */
export default function StaffComplaintPage() {
  return (
    <RequireRouteParam name="id" listRoute={STAFF_COMPLAINTS_ROUTE} listLabel="返回投诉工作台">
      {(id) => <StaffComplaint id={id} />}
    </RequireRouteParam>
  );
}
