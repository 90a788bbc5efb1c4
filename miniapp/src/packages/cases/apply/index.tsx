import { useRef, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import {
  itemApplicantKind,
  MATERIAL_REQUIREMENT_LABELS,
  type Material,
  type MeResponse,
  type ServiceItemDetail,
} from '@app/shared';
import { Button, Tag } from '../../../components/nut';
import { REQUIREMENT_COLORS } from '../../../utils/labels';
import { FormField } from '../../../components/form-field';
import { StatusView } from '../../../components/status-view';
import { ApiError, errorMessage } from '../../../services/api-client';
import { ensureSession, installSession, isStaffRole } from '../../../services/auth';
import {
  FILE_TOO_LARGE_MESSAGE,
  applyCase,
  isTooLarge,
  pickMaterialFile,
  uploadMaterial,
  waiveMaterial,
  type PickedFile,
} from '../../../services/cases';
import { getItem } from '../../../services/catalog';
import { getMe } from '../../../services/users';
import { confirmAction, reportError, toast } from '../../../utils/confirm';
import { ActionBar } from '../../../components/action-bar';
import { useLeaveGuard } from '../../../hooks/use-leave-guard';
import { MY_ENTERPRISES_ROUTE, REAL_NAME_ROUTE, caseRoute, decodeParam } from '../../../utils/routes';
import { Card, Choice } from '../components/parts';
import './index.scss';

interface Loaded {
  item: ServiceItemDetail;
  me: MeResponse;
}

/** What the applicant chose for one material before sending. */
type Pick = { file: PickedFile } | { waived: true };

const needsFile = (m: Material) => m.requirement === 'required' || m.requirement === 'waivable';

function MaterialRow({
  m,
  pick,
  disabled,
  onPick,
  onWaive,
  onClear,
}: {
  m: Material;
  pick: Pick | undefined;
  disabled: boolean;
  onPick: () => void;
  onWaive: () => void;
  onClear: () => void;
}) {
  const missing = needsFile(m) && !pick;
  return (
    <View className={`material-row${missing ? ' material-row--missing' : ''}`} data-testid="apply-material">
      <View className="material-row__head">
        <Text className="case-text">{m.name}</Text>
        <Tag
          className="material-row__badge"
          background={REQUIREMENT_COLORS[m.requirement]}
          plain={m.requirement === 'required'}
        >
          {MATERIAL_REQUIREMENT_LABELS[m.requirement]}
        </Tag>
      </View>
      <Text className="case-muted">
        {m.requirement === 'cancelled'
          ? '已取消，无需提交'
          : m.requirement === 'shared'
            ? '通过数据共享获取，无需提交'
            : `${m.form} · ${m.count} 份${m.note ? ` · ${m.note}` : ''}`}
      </Text>
      {needsFile(m) ? (
        <>
          {pick && 'file' in pick ? (
            <Text className="case-text" data-testid="picked-file">{`已选择：${pick.file.name}`}</Text>
          ) : null}
          {pick && 'waived' in pick ? <Text className="case-warn">容缺受理，办理期间后补</Text> : null}
          <View className="material-row__actions">
            <Button size="small" type="primary" fill="outline" disabled={disabled} onClick={onPick}>
              {pick && 'file' in pick ? '重新选择' : '上传文件'}
            </Button>
            {m.requirement === 'waivable' && !(pick && 'waived' in pick) ? (
              <Button size="small" type="default" disabled={disabled} onClick={onWaive}>
                申请容缺
              </Button>
            ) : null}
            {pick ? (
              <Text className="case-link" onClick={disabled ? undefined : onClear}>
                撤销
              </Text>
            ) : null}
          </View>
        </>
      ) : null}
    </View>
  );
}

/** 在线申报: for oneself or a bound enterprise, form fields, the guide's materials (upload or 容缺). */
export default function ApplyPage() {
  const { params } = useRouter();
  const itemCode = decodeParam(params.itemCode);
  const [data, setData] = useState<Loaded>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [subject, setSubject] = useState<string>('self');
  const subjectTouched = useRef(false);
  const [phone, setPhone] = useState('');
  const [remark, setRemark] = useState('');
  const [picks, setPicks] = useState<Record<number, Pick>>({});
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState('');
  const [formError, setFormError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [submitted, setSubmitted] = useState(false);
  // Typed text or chosen files are not thrown away by a tap on 返回 without asking.
  useLeaveGuard(!submitted && (phone.trim() !== '' || remark.trim() !== '' || Object.keys(picks).length > 0));

  const load = async () => {
    installSession();
    setLoading(true);
    setError(null);
    try {
      if (!itemCode) throw new ApiError('NOT_FOUND', '缺少事项编码，请从办事指南进入');
      await ensureSession();
      const [item, me] = await Promise.all([getItem(itemCode), getMe()]);
      setData({ item, me });
      // 申报主体: items for organisations default to the person's (first) enterprise; changeable.
      if (!subjectTouched.current) {
        const kind = itemApplicantKind({ name: item.name, conditions: item.guide.conditions });
        const first = me.enterprises.find((e) => e.status === 'active');
        setSubject(kind !== 'person' && first ? first.enterpriseId : 'self');
      }
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  };

  // Again on show: coming back from 实名认证 must see the new state.
  useDidShow(() => {
    void load();
  });

  const choose = async (index: number) => {
    const file = await pickMaterialFile();
    if (!file) return;
    if (isTooLarge(file)) {
      toast(FILE_TOO_LARGE_MESSAGE);
      return;
    }
    setPicks((p) => ({ ...p, [index]: { file } }));
  };

  const submit = async () => {
    if (!data) return;
    const { item } = data;
    setFormError(undefined);
    setFieldErrors({});
    if (phone.trim() && !/^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/.test(phone.trim())) {
      setFieldErrors({ phone: '联系电话格式不正确' });
      return;
    }
    const missing = item.guide.materials.filter((m, i) => m.requirement === 'required' && !picks[i]);
    const question = missing.length
      ? `还有 ${missing.length} 项必须提交的材料未上传（${missing.map((m) => m.name).join('、')}），可在申报后补充。确定提交申报吗？`
      : `确定申报“${item.name}”吗？`;
    if (!(await confirmAction('提交申报', question, '提交'))) return;
    setBusy(true);
    setProgress('正在提交申报…');
    let caseId: string | undefined;
    try {
      const formFields: Record<string, string> = {};
      if (phone.trim()) formFields['联系电话'] = phone.trim();
      if (remark.trim()) formFields['申请说明'] = remark.trim();
      const created = await applyCase({
        itemCode: item.code,
        ...(subject !== 'self' ? { onBehalfOf: subject } : {}),
        ...(Object.keys(formFields).length ? { formFields } : {}),
      });
      caseId = created.id;
      setSubmitted(true);
      const failures: string[] = [];
      const entries = Object.entries(picks).map(([k, v]) => [Number(k), v] as const);
      let n = 0;
      for (const [index, pick] of entries) {
        n += 1;
        setProgress(`正在提交材料 ${n} / ${entries.length}…`);
        try {
          if ('file' in pick) await uploadMaterial(caseId, index, pick.file);
          else await waiveMaterial(caseId, index);
        } catch (err) {
          failures.push(`${item.guide.materials[index]?.name ?? `材料 ${index + 1}`}：${errorMessage(err)}`);
        }
      }
      if (failures.length) {
        await Taro.showModal({
          title: '申报已提交',
          content: `以下材料未能提交，请在办件页重新上传：\n${failures.join('\n')}`,
          showCancel: false,
          confirmText: '知道了',
        });
      } else {
        toast('申报已提交', 'success');
      }
      void Taro.redirectTo({ url: caseRoute(caseId) });
    } catch (err) {
      if (caseId) {
        void Taro.redirectTo({ url: caseRoute(caseId) });
        return;
      }
      if (err instanceof ApiError && err.fields?.length) {
        setFieldErrors(
          Object.fromEntries(
            err.fields.map((f) => [f.path.replace(/^body\.(formFields\.)?/, ''), f.message]),
          ),
        );
      }
      setFormError(reportError(err));
    } finally {
      setBusy(false);
      setProgress('');
    }
  };

  const item = data?.item;
  const me = data?.me;
  const enterprises = me?.enterprises.filter((e) => e.status === 'active') ?? [];

  const kind = item ? itemApplicantKind({ name: item.name, conditions: item.guide.conditions }) : 'person';
  let blocker: { text: string; action?: { label: string; run: () => void } } | undefined;
  if (item && me) {
    if (isStaffRole(me.role)) blocker = { text: '工作人员账号不能申报办件，请使用个人微信登录。' };
    else if (!item.onlineCapable)
      blocker = { text: '该事项暂不支持在线申报，请按办事指南到大厅办理或预约办理。' };
    else if (!me.realNameVerified)
      blocker = {
        text: '申报前请先完成实名认证。',
        action: { label: '去实名认证', run: () => void Taro.navigateTo({ url: REAL_NAME_ROUTE }) },
      };
    else if (kind === 'organisation' && enterprises.length === 0)
      blocker = {
        text: '该事项仅限企业等组织申报，请先绑定企业（经审核通过后）再以企业名义申报。',
        action: { label: '去绑定企业', run: () => void Taro.navigateTo({ url: MY_ENTERPRISES_ROUTE }) },
      };
  }

  return (
    <View className="cases">
      <StatusView loading={loading && !data} error={data ? null : error} onRetry={() => void load()}>
        {item && me ? (
          <>
            <Card>
              <Text className="case-title">{item.name}</Text>
              <Text className="case-muted">{`${item.departmentName} · 事项编码 ${item.code}`}</Text>
              <Text className="case-muted">
                {item.guide.promisedLimitDays < 1
                  ? '承诺时限：即办（受理当日办结）'
                  : `承诺时限 ${item.guide.promisedLimitDays} 个工作日（自受理起算）`}
              </Text>
            </Card>
            {blocker ? (
              <Card testId="apply-blocked">
                <Text className="case-warn">{blocker.text}</Text>
                {blocker.action ? (
                  <View className="case-actions">
                    <Button type="primary" size="small" onClick={blocker.action.run}>
                      {blocker.action.label}
                    </Button>
                  </View>
                ) : null}
              </Card>
            ) : (
              <>
                <Card title="申报主体">
                  <Choice
                    value={subject}
                    onChange={(value) => {
                      subjectTouched.current = true;
                      setSubject(value);
                    }}
                    options={[
                      ...(kind === 'organisation'
                        ? []
                        : [{ value: 'self', label: `本人${me.name ? `（${me.name}）` : ''}` }]),
                      ...enterprises.map((e) => ({ value: e.enterpriseId, label: e.enterpriseName })),
                    ]}
                  />
                  {kind === 'organisation' ? (
                    <Text className="case-muted" data-testid="subject-note">
                      该事项仅限企业等组织申报。
                    </Text>
                  ) : kind === 'either-organisation-first' && enterprises.length ? (
                    <Text className="case-muted" data-testid="subject-note">
                      该事项的申请条件面向企业，已默认以企业名义申报，可改为本人。
                    </Text>
                  ) : null}
                  {enterprises.length === 0 ? (
                    <Text className="case-muted">绑定企业后可代企业申报。</Text>
                  ) : null}
                </Card>
                <View className="form-card">
                  <FormField
                    label="联系电话"
                    name="phone"
                    type="number"
                    maxlength={13}
                    value={phone}
                    placeholder="选填，便于工作人员联系"
                    error={fieldErrors.phone ?? fieldErrors['联系电话']}
                    disabled={busy}
                    onChange={setPhone}
                  />
                  <FormField
                    label="申请说明"
                    name="remark"
                    maxlength={500}
                    value={remark}
                    placeholder="选填，如申请的具体事项"
                    error={fieldErrors['申请说明']}
                    disabled={busy}
                    onChange={setRemark}
                  />
                </View>
                <Card title="申请材料" testId="apply-materials">
                  <Text className="case-muted">
                    {`每项可上传 JPG、PNG 图片${process.env.TARO_ENV === 'weapp' ? '或 PDF' : ''}，不超过 5 MB；标“容缺”的材料可先申请容缺，办理期间后补。`}
                  </Text>
                  {item.guide.materials.length === 0 ? (
                    <Text className="case-text">该事项无需提交材料。</Text>
                  ) : (
                    item.guide.materials.map((m, i) => (
                      <MaterialRow
                        key={`${i}-${m.name}`}
                        m={m}
                        pick={picks[i]}
                        disabled={busy}
                        onPick={() => void choose(i)}
                        onWaive={() => setPicks((p) => ({ ...p, [i]: { waived: true } }))}
                        onClear={() =>
                          setPicks((p) => {
                            const next = { ...p };
                            delete next[i];
                            return next;
                          })
                        }
                      />
                    ))
                  )}
                </Card>
                {progress ? <Text className="form-note">{progress}</Text> : null}
              </>
            )}
          </>
        ) : null}
      </StatusView>
      {item && me && !blocker ? (
        <ActionBar error={formError}>
          <Button type="primary" block disabled={busy} loading={busy} onClick={() => void submit()}>
            提交申报
          </Button>
        </ActionBar>
      ) : null}
    </View>
  );
}
