import { useCallback, useEffect, useRef, useState } from 'react';
import { useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { AUDIT_ACTION_GROUPS, ROLE_LABELS, auditQuerySchema, type AuditEntry } from '@app/shared';
import { FormField } from '../../../components/form-field';
import { Button } from '../../../components/nut';
import { StatusView } from '../../../components/status-view';
import { errorMessage } from '../../../services/api-client';
import { listAudit, type AuditFilters } from '../../../services/audit';
import { formatChinaTime } from '../../../utils/format';
import { validateForm, type FieldErrors } from '../../../utils/form';
import './index.scss';

type Field = 'who' | 'action' | 'from' | 'to';
const PAGE_SIZE = 20;
const EMPTY: Record<Field, string> = { who: '', action: '', from: '', to: '' };
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A day typed as 2030-01-01 means that whole China day: from its start, to its end. */
const dayStart = (v: string) => (DAY.test(v) ? `${v}T00:00:00+08:00` : v);
const dayEnd = (v: string) => (DAY.test(v) ? `${v}T23:59:59.999+08:00` : v);

/** 审计日志 (supervisors): newest first, filtered by who, what (by capability) and when, paged. */
export default function AuditPage() {
  const [draft, setDraft] = useState<Record<Field, string>>(EMPTY);
  const [filters, setFilters] = useState<AuditFilters>({});
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [items, setItems] = useState<AuditEntry[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [moreError, setMoreError] = useState<string | null>(null);
  const generation = useRef(0);

  const loadFirst = useCallback(async (f: AuditFilters) => {
    const gen = ++generation.current;
    setLoading(true);
    setError(null);
    setMoreError(null);
    try {
      const res = await listAudit({ ...f, page: 1, pageSize: PAGE_SIZE });
      if (gen !== generation.current) return;
      setItems(res.items);
      setTotal(res.total);
      setPage(1);
    } catch (err) {
      if (gen === generation.current) setError(errorMessage(err));
    } finally {
      if (gen === generation.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void loadFirst(filters);
  }, [filters, loadFirst]);

  const hasMore = items.length < total;
  const loadMore = async () => {
    if (loading || loadingMore || !hasMore) return;
    const gen = generation.current;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const res = await listAudit({ ...filters, page: page + 1, pageSize: PAGE_SIZE });
      if (gen !== generation.current) return;
      setItems((prev) => [...prev, ...res.items]);
      setTotal(res.total);
      setPage(page + 1);
    } catch (err) {
      if (gen === generation.current) setMoreError(errorMessage(err));
    } finally {
      setLoadingMore(false);
    }
  };
  useReachBottom(() => void loadMore());

  const apply = () => {
    const values = {
      who: draft.who.trim(),
      action: draft.action.trim(),
      from: draft.from.trim(),
      to: draft.to.trim(),
    };
    // Only the filled ones are checked (the shared query schema, as the BFF reads it).
    const present = Object.fromEntries(Object.entries(values).filter(([, v]) => v)) as Record<Field, string>;
    const checked = validateForm(auditQuerySchema, present);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setFilters({
      who: present.who,
      action: present.action,
      from: present.from && dayStart(present.from),
      to: present.to && dayEnd(present.to),
    });
  };
  const clear = () => {
    setDraft(EMPTY);
    setErrors({});
    setFilters({});
  };
  const change = (field: Field) => (value: string) => setDraft((d) => ({ ...d, [field]: value }));

  return (
    <View className="workbench">
      <View className="workbench__filters">
        <FormField
          label="操作人"
          name="who"
          value={draft.who}
          placeholder="工作人员姓名，如 王窗口"
          maxlength={30}
          error={errors.who}
          onChange={change('who')}
        />
        <View className="workbench__chips" data-testid="action-groups">
          <Text className="workbench__chips-label">操作</Text>
          {[{ value: '', label: '全部' }, ...AUDIT_ACTION_GROUPS].map((g) => (
            <Text
              key={g.value || 'all'}
              className={`workbench__chip${draft.action === g.value ? ' workbench__chip--active' : ''}`}
              onClick={() => setDraft((d) => ({ ...d, action: g.value }))}
            >
              {g.label}
            </Text>
          ))}
        </View>
        {errors.action ? <Text className="workbench__chips-error">{errors.action}</Text> : null}
        <FormField
          label="开始日期"
          name="from"
          value={draft.from}
          placeholder="如 2024-05-01"
          maxlength={40}
          error={errors.from}
          onChange={change('from')}
        />
        <FormField
          label="结束日期"
          name="to"
          value={draft.to}
          placeholder="如 2024-05-31（含当天）"
          maxlength={40}
          error={errors.to}
          onChange={change('to')}
          onConfirm={apply}
        />
        <View className="workbench__filter-actions">
          <Button size="small" fill="outline" type="default" onClick={clear}>
            清除
          </Button>
          <Button size="small" type="primary" disabled={loading} onClick={apply}>
            筛选
          </Button>
        </View>
      </View>

      <StatusView
        loading={loading}
        error={error}
        empty={!items.length}
        emptyText="没有符合条件的审计记录"
        onRetry={() => void loadFirst(filters)}
      >
        <Text className="workbench__total">{`共 ${total} 条`}</Text>
        {items.map((e) => (
          <View key={e.id} className="workbench__entry" data-testid="audit-entry">
            <View className="workbench__entry-head">
              <Text className="workbench__entry-action">{e.actionLabel}</Text>
              <Text
                className={`workbench__entry-status${e.status >= 400 ? ' workbench__entry-status--failed' : ''}`}
              >
                {e.outcome}
              </Text>
            </View>
            <Text className="workbench__entry-meta">
              {`${formatChinaTime(e.at, { withDate: true, withSeconds: true })} · ${
                e.actorName ?? ROLE_LABELS[e.actorRole]
              }${e.actorDepartment ? `（${e.actorDepartment}）` : ''}`}
            </Text>
            {e.ref ? <Text className="workbench__entry-meta">{`对象：${e.ref}`}</Text> : null}
          </View>
        ))}
        {moreError ? (
          <Text className="workbench__more" onClick={() => void loadMore()}>
            {`${moreError}，点击重试`}
          </Text>
        ) : hasMore ? (
          <Text className="workbench__more" onClick={() => void loadMore()}>
            {loadingMore ? '加载中…' : '加载更多'}
          </Text>
        ) : (
          <Text className="workbench__more">没有更多了</Text>
        )}
      </StatusView>
    </View>
  );
}
