import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { FAQ_STATUS_LABELS, type FaqStatus } from '@app/shared';
import { Button } from '../../../components/nut';
import { StatusView } from '../../../components/status-view';
import { usePagedList } from '../../../hooks/use-paged-list';
import { errorMessage } from '../../../services/api-client';
import { installSession } from '../../../services/auth';
import { listStaffFaq, setFaqPublished, updateFaq, type StaffFaqList } from '../../../services/consultations';
import { confirmAction, toast } from '../../../utils/confirm';
import { staffConsultationRoute } from '../../../utils/routes';
import { Check, TextBox } from '../components/parts';
import './index.scss';

type Entry = StaffFaqList['items'][number];

const TABS: Array<{ key: string; label: string; status?: FaqStatus }> = [
  { key: 'all', label: '全部' },
  { key: 'published', label: '已发布', status: 'published' },
  { key: 'draft', label: '草稿', status: 'draft' },
  { key: 'unpublished', label: '已下线', status: 'unpublished' },
];

/** One entry: text, status, figures; edit (no-personal-data check), 发布 / 撤下 (confirmed). */
function FaqRow({ e, onChanged }: { e: Entry; onChanged: () => void }) {
  const [editing, setEditing] = useState(false);
  const [question, setQuestion] = useState(e.question);
  const [answer, setAnswer] = useState(e.answer);
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const run = async (action: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      toast(done, 'success');
      setEditing(false);
      onChanged();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const publish = () => void run(() => setFaqPublished(e.id, true), '已发布');
  const unpublish = async () => {
    const ok = await confirmAction(
      '撤下常见问题',
      '撤下后群众将无法在指南和常见问题中看到此条，确定撤下？',
      '撤下',
    );
    if (ok) await run(() => setFaqPublished(e.id, false), '已撤下');
  };
  const save = () => {
    if (!confirmed) {
      setError('请先确认已去除姓名、证件号、电话、地址等个人信息');
      return;
    }
    void run(
      () =>
        updateFaq(e.id, {
          question,
          answer,
          items: e.items.map((i) => i.code),
          departments: e.departments.map((d) => d.code),
        }),
      '已保存',
    );
  };

  return (
    <View className="zx-card" data-testid={`faq-${e.id}`}>
      <View className="zx-row">
        <Text className="zx-title">{e.question}</Text>
        <Text className="zx-chip" data-testid="faq-status">
          {FAQ_STATUS_LABELS[e.status]}
        </Text>
      </View>
      {editing ? (
        <View data-testid="faq-edit">
          <TextBox label="通用问题" name="faq-question" value={question} max={200} onChange={setQuestion} />
          <TextBox label="通用答案" name="faq-answer" value={answer} max={2000} onChange={setAnswer} />
          <Check
            checked={confirmed}
            onChange={setConfirmed}
            label="我已确认内容中没有任何个人信息"
            testId="faq-confirm"
          />
        </View>
      ) : (
        <>
          <Text className="zx-text">{e.answer}</Text>
          {e.items.length ? (
            <Text className="zx-muted">{`相关事项：${e.items.map((i) => i.name).join('、')}`}</Text>
          ) : null}
          <Text className="zx-muted">{`浏览 ${e.views} · 有帮助 ${e.helpful} · 没帮助 ${e.notHelpful}`}</Text>
          {e.sourceConsultationId ? (
            <Text
              className="zx-link"
              data-testid="faq-source"
              onClick={() => void Taro.navigateTo({ url: staffConsultationRoute(e.sourceConsultationId!) })}
            >
              查看来源咨询 ›
            </Text>
          ) : null}
        </>
      )}
      {error ? (
        <View role="alert" data-testid="faq-error">
          <Text className="zx-error">{error}</Text>
        </View>
      ) : null}
      <View className="zx-actions">
        {editing ? (
          <>
            <Button size="small" disabled={busy} data-testid="faq-cancel" onClick={() => setEditing(false)}>
              取消编辑
            </Button>
            <Button type="primary" size="small" disabled={busy} data-testid="faq-save" onClick={save}>
              保存
            </Button>
          </>
        ) : (
          <>
            <Button
              size="small"
              disabled={busy}
              data-testid="faq-edit-open"
              onClick={() => {
                setQuestion(e.question);
                setAnswer(e.answer);
                setConfirmed(false);
                setError(undefined);
                setEditing(true);
              }}
            >
              编辑
            </Button>
            {e.status === 'published' ? (
              <Button
                size="small"
                disabled={busy}
                data-testid="faq-unpublish"
                onClick={() => void unpublish()}
              >
                撤下
              </Button>
            ) : (
              <Button type="primary" size="small" disabled={busy} data-testid="faq-publish" onClick={publish}>
                发布
              </Button>
            )}
          </>
        )}
      </View>
    </View>
  );
}

/** Staff: the FAQ entries of their department (and those they wrote), by status. */
export default function StaffFaqPage() {
  const [tab, setTab] = useState('all');
  const { items, total, loading, error, load, reset } = usePagedList(tab, async (key, page) => {
    installSession();
    const status = TABS.find((t) => t.key === key)!.status;
    return listStaffFaq({ status, page, pageSize: 20 });
  });

  return (
    <View className="zx">
      <View className="zx-tabs" role="tablist">
        {TABS.map(({ key, label }) => (
          <View
            key={key}
            role="tab"
            aria-selected={tab === key}
            className={`zx-tabs__tab${tab === key ? ' zx-tabs__tab--active' : ''}`}
            data-testid={`tab-${key}`}
            onClick={() => {
              if (key === tab) return;
              setTab(key);
              reset(key);
            }}
          >
            {label}
          </View>
        ))}
      </View>
      <StatusView loading={loading} error={error} onRetry={() => void load(tab)}>
        {items.length === 0 ? (
          <View className="zx-card" data-testid="empty">
            <Text className="zx-muted">本部门暂无常见问题</Text>
          </View>
        ) : (
          <>
            {items.map((e) => (
              <FaqRow key={`${e.id}-${e.status}-${e.question}`} e={e} onChanged={() => void load(tab)} />
            ))}
            <Text className="zx-muted">{`共 ${total} 条`}</Text>
          </>
        )}
      </StatusView>
    </View>
  );
}
