import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { progressQueryRequestSchema, provisionalDateLabel, type ProgressQueryResponse } from '@app/shared';
import { Button } from '../../../components/nut';
import { FormError, FormField } from '../../../components/form-field';
import { ApiError, errorMessage } from '../../../services/api-client';
import { queryProgress } from '../../../services/cases';
import { formatChinaTime } from '../../../utils/format';
import { Card, Choice, StatusChip, Timeline, formatDate, useDepartmentNames } from '../components/parts';
import './index.scss';

type Mode = 'name' | 'id4';

/** RATE_LIMITED says when to try again (China time); anything else is the API's own sentence. */
function progressErrorMessage(err: unknown, now: Date = new Date()): string {
  if (err instanceof ApiError && err.code === 'RATE_LIMITED') {
    const seconds = err.details?.retryAfterSeconds;
    if (typeof seconds === 'number') {
      const at = formatChinaTime(new Date(now.getTime() + seconds * 1000), { now, withSeconds: true });
      return `查询过于频繁，请于 ${at} 后再试（约 ${seconds} 秒）`;
    }
  }
  return errorMessage(err);
}

/** 查询进度 (public, no login): case number + applicant name, or + the last 4 of the ID number. */
export default function ProgressPage() {
  const dept = useDepartmentNames();
  const [mode, setMode] = useState<Mode>('name');
  const [caseNumber, setCaseNumber] = useState('');
  const [name, setName] = useState('');
  const [id4, setId4] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ProgressQueryResponse>();

  const submit = async () => {
    setFormError(undefined);
    const body = {
      caseNumber,
      ...(mode === 'name' ? { applicantName: name } : { idLast4: id4 }),
    };
    const parsed = progressQueryRequestSchema.safeParse(body);
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? 'caseNumber');
        next[key === 'applicantName' && mode === 'id4' ? 'idLast4' : key] ??= issue.message;
      }
      setErrors(next);
      return;
    }
    setErrors({});
    setBusy(true);
    setResult(undefined);
    try {
      setResult(await queryProgress(parsed.data));
    } catch (err) {
      if (err instanceof ApiError && err.fields?.length) {
        setErrors(Object.fromEntries(err.fields.map((f) => [f.path.replace(/^body\./, ''), f.message])));
      }
      setFormError(progressErrorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="cases">
      <View className="form-card">
        <FormField
          label="办件编号"
          name="caseNumber"
          value={caseNumber}
          placeholder="如 JX-20261126-000123（见受理回执）"
          maxlength={30}
          error={errors.caseNumber}
          onChange={setCaseNumber}
        />
        <View className="form-field">
          <Text className="form-field__label">核验方式</Text>
          <Choice<Mode>
            value={mode}
            onChange={(m) => {
              setMode(m);
              setErrors({});
            }}
            options={[
              { value: 'name', label: '申请人姓名' },
              { value: 'id4', label: '身份证号后 4 位' },
            ]}
          />
        </View>
        {mode === 'name' ? (
          <FormField
            label="申请人姓名"
            name="applicantName"
            value={name}
            placeholder="个人或企业名称"
            maxlength={100}
            error={errors.applicantName}
            onChange={setName}
          />
        ) : (
          <FormField
            label="身份证号后 4 位"
            name="idLast4"
            type="idcard"
            value={id4}
            maxlength={4}
            error={errors.idLast4}
            onChange={setId4}
          />
        )}
      </View>
      <FormError message={formError} />
      <View className="form-actions">
        <Button type="primary" block disabled={busy} loading={busy} onClick={() => void submit()}>
          查询
        </Button>
      </View>
      <Text className="form-note">无需登录。为保护个人信息，工作人员姓名等已脱敏显示。</Text>
      {result ? (
        <Card testId="progress-result">
          <View className="case-card__head">
            <Text className="case-title">{result.itemName}</Text>
            <StatusChip status={result.status} label={result.statusLabel} />
          </View>
          <Text className="case-muted">{`办件编号 ${result.number}`}</Text>
          {result.enterpriseName ? (
            <Text className="case-muted" data-testid="progress-enterprise">
              {`申报企业 ${result.enterpriseName}（${result.enterpriseCreditCodeMasked ?? ''}）`}
            </Text>
          ) : null}
          <Text className="case-muted">{`${result.enterpriseName ? '经办人' : '申请人'} ${result.applicantName}`}</Text>
          {result.stillWorking?.length ? (
            <Text className="case-warn" data-testid="progress-still-working">
              {`正在办理的部门：${result.stillWorking.join('、')}`}
            </Text>
          ) : null}
          <Text className="case-muted">{`申报于 ${formatChinaTime(result.submittedAt, { withDate: true })}`}</Text>
          {result.dueDate ? (
            <Text className="case-muted">{`办结期限 ${provisionalDateLabel(formatDate(result.dueDate), result.dueDateProvisional)}`}</Text>
          ) : null}
          <Timeline
            events={[...result.timeline].reverse().map((e) => ({
              at: e.at,
              label: e.label,
              who: [e.actor, dept(e.department)].filter(Boolean).join(' · '),
            }))}
          />
        </Card>
      ) : null}
    </View>
  );
}
