import { useEffect, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import {
  COMPLAINT_KIND_LABELS,
  COMPLAINT_MAX_ATTACHMENTS,
  fileComplaintRequestSchema,
  type ComplaintKind,
  type ComplaintSubjectInput,
  type ComplaintSubjects,
} from '@app/shared';
import { Button } from '../../../components/nut';
import { ApiError, errorMessage } from '../../../services/api-client';
import { ensureSession, installSession } from '../../../services/auth';
import { fileComplaint, mySubjects, newAttemptKey, uploadAttachment } from '../../../services/complaints';
import { confirmAction, toast } from '../../../utils/confirm';
import { REAL_NAME_ROUTE, complaintRoute, decodeParam } from '../../../utils/routes';
import { Card, Choice, TextBox } from '../components/parts';
import './index.scss';

type SubjectKind = ComplaintSubjectInput['kind'];
const KINDS: ComplaintKind[] = ['complaint', 'suggestion', 'report'];

/** 我要投诉 / 建议 / 举报: prefilled from a case, appointment or guide page; the person's own records to pick from. */
export default function NewComplaintPage() {
  const { params } = useRouter();
  const pre = {
    kind: (KINDS as string[]).includes(params.kind ?? '') ? (params.kind as ComplaintKind) : 'complaint',
    subject: decodeParam(params.subject) as SubjectKind | undefined,
    id: decodeParam(params.id),
    code: decodeParam(params.code),
    label: decodeParam(params.label),
  };
  const [kind, setKind] = useState<ComplaintKind>(pre.kind);
  const [subjectKind, setSubjectKind] = useState<SubjectKind>(pre.subject ?? 'free');
  const [refId, setRefId] = useState(pre.id ?? '');
  const [code] = useState(pre.code ?? '');
  const [freeText, setFreeText] = useState('');
  const [description, setDescription] = useState('');
  const [wish, setWish] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [files, setFiles] = useState<Array<{ id: string; filename: string }>>([]);
  const [subjects, setSubjects] = useState<ComplaintSubjects>({ cases: [], appointments: [] });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const attempt = useRef(newAttemptKey());

  useEffect(() => {
    installSession();
    void ensureSession()
      .then(() => mySubjects())
      .then(setSubjects)
      .catch(() => undefined);
  }, []);

  const subject = (): ComplaintSubjectInput | undefined => {
    if (subjectKind === 'case' || subjectKind === 'appointment')
      return refId ? { kind: subjectKind, id: refId } : undefined;
    if (subjectKind === 'item' || subjectKind === 'hall') return { kind: subjectKind, code };
    return { kind: 'free', text: freeText };
  };

  const addFile = async () => {
    if (files.length >= COMPLAINT_MAX_ATTACHMENTS) {
      toast(`最多上传 ${COMPLAINT_MAX_ATTACHMENTS} 个附件`);
      return;
    }
    try {
      const picked = await Taro.chooseImage({
        count: 1,
        sizeType: ['compressed'],
        sourceType: ['album', 'camera'],
      });
      const path = picked.tempFiles[0]?.path ?? picked.tempFilePaths[0];
      if (!path) return;
      setBusy(true);
      const up = await uploadAttachment({ path });
      setFiles((list) => [...list, { id: up.id, filename: up.filename }]);
    } catch (err) {
      if (err instanceof ApiError) toast(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const submit = async () => {
    setFormError(undefined);
    const s = subject();
    const body = {
      kind,
      subject: s,
      description,
      ...(wish.trim() ? { wish } : {}),
      attachments: files.map((f) => f.id),
      anonymous: kind === 'report' && anonymous,
    };
    const parsed = fileComplaintRequestSchema.safeParse(body);
    if (!parsed.success || !s) {
      const found: Record<string, string> = {};
      for (const i of parsed.success ? [] : parsed.error.issues) found[String(i.path[0])] ??= i.message;
      if (!s) found.subject = subjectKind === 'case' ? '请选择办件' : '请选择预约';
      setErrors(found);
      return;
    }
    setErrors({});
    const what = COMPLAINT_KIND_LABELS[kind];
    const notice = body.anonymous
      ? '匿名举报无法回访，也不能收到办理进度通知以外的联系。确定提交吗？'
      : `确定提交这件${what}吗？`;
    if (!(await confirmAction(`提交${what}`, notice, '提交'))) return;
    setBusy(true);
    try {
      const made = await fileComplaint(parsed.data as never, attempt.current);
      toast('已提交', 'success');
      void Taro.redirectTo({ url: complaintRoute(made.id) });
    } catch (err) {
      setFormError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const realNameMissing = formError?.includes('实名认证');
  return (
    <View className="cp-page">
      <Card title="类型">
        <Choice
          testId="kind"
          value={kind}
          onChange={setKind}
          options={KINDS.map((k) => ({ value: k, label: COMPLAINT_KIND_LABELS[k] }))}
        />
        {kind === 'report' ? (
          <View className="cp-actions">
            <Choice
              testId="anonymous"
              value={anonymous ? 'yes' : 'no'}
              onChange={(v) => setAnonymous(v === 'yes')}
              options={[
                { value: 'no', label: '实名举报' },
                { value: 'yes', label: '匿名举报' },
              ]}
            />
            {anonymous ? (
              <Text className="cp-warn" data-testid="anonymous-notice">
                匿名举报不需要实名认证，但工作人员无法回访您，办理结果请在“我的投诉”中查看。
              </Text>
            ) : (
              <Text className="cp-muted">举报人信息严格保密，承办部门看不到您的任何信息。</Text>
            )}
          </View>
        ) : (
          <Text className="cp-muted">投诉和建议需要实名认证，便于办理后回访。</Text>
        )}
      </Card>
      <Card title="投诉对象">
        {pre.label && (pre.subject === 'item' || pre.subject === 'hall' || pre.id) ? (
          <Text className="cp-text" data-testid="subject-prefilled">
            {pre.label}
          </Text>
        ) : (
          <>
            <Choice
              testId="subject"
              value={subjectKind}
              onChange={(v) => {
                setSubjectKind(v);
                setRefId('');
              }}
              options={[
                { value: 'case', label: '我的办件' },
                { value: 'appointment', label: '我的预约' },
                { value: 'free', label: '其他' },
              ]}
            />
            {subjectKind === 'case' || subjectKind === 'appointment' ? (
              (subjectKind === 'case' ? subjects.cases : subjects.appointments).length ? (
                <Choice
                  testId="subject-pick"
                  value={refId}
                  onChange={setRefId}
                  options={(subjectKind === 'case' ? subjects.cases : subjects.appointments).map((s) => ({
                    value: s.id,
                    label: s.label,
                  }))}
                />
              ) : (
                <Text className="cp-muted">{subjectKind === 'case' ? '您还没有办件' : '您还没有预约'}</Text>
              )
            ) : (
              <TextBox
                label="投诉对象"
                name="free"
                value={freeText}
                onChange={setFreeText}
                maxlength={100}
                placeholder="例如：某大厅某窗口"
              />
            )}
          </>
        )}
        {errors.subject ? (
          <View role="alert" data-testid="error-subject">
            <Text className="cp-error">{errors.subject}</Text>
          </View>
        ) : null}
      </Card>
      <Card title="问题描述">
        <TextBox
          label="问题描述"
          name="description"
          value={description}
          onChange={setDescription}
          maxlength={2000}
          placeholder="请写明时间、地点、经过（10–2000 字）"
          error={errors.description}
        />
        <TextBox
          label="诉求（选填）"
          name="wish"
          value={wish}
          onChange={setWish}
          maxlength={500}
          error={errors.wish}
        />
        <Text className="cp-muted">{`附件（图片，最多 ${COMPLAINT_MAX_ATTACHMENTS} 个）`}</Text>
        {files.map((f) => (
          <Text key={f.id} className="cp-text" data-testid="attachment">
            {f.filename}
          </Text>
        ))}
        <View className="cp-actions">
          <Button size="small" fill="outline" type="primary" disabled={busy} onClick={() => void addFile()}>
            添加图片
          </Button>
        </View>
      </Card>
      {formError ? (
        <View className="cp-card" role="alert" data-testid="form-error">
          <Text className="cp-error">{formError}</Text>
          {realNameMissing ? (
            <Text className="cp-link" onClick={() => void Taro.navigateTo({ url: REAL_NAME_ROUTE })}>
              去实名认证
            </Text>
          ) : null}
        </View>
      ) : null}
      <View className="cp-card">
        <Button
          block
          type="primary"
          loading={busy}
          disabled={busy}
          onClick={() => void submit()}
          data-testid="submit"
        >
          {`提交${COMPLAINT_KIND_LABELS[kind]}`}
        </Button>
      </View>
    </View>
  );
}
