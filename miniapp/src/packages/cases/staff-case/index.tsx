import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import {
  CASE_FINAL_STATUSES,
  type CaseDetail,
  type CaseOutcome,
  type CaseStatus,
  type CorrectionItem,
  type DeliveryMethod,
  type MeResponse,
} from '@app/shared';
import { Button } from '../../../components/nut';
import { FormError, FormField } from '../../../components/form-field';
import { IdentityReveal } from '../../../components/identity-reveal';
import { StatusView } from '../../../components/status-view';
import { errorMessage } from '../../../services/api-client';
import { installSession, isStaffRole, readSession } from '../../../services/auth';
import {
  STALE_MESSAGE,
  acceptCase,
  completeCase,
  deliverCase,
  getCase,
  isStale,
  openMaterialFile,
  prereviewCase,
  recordTrip,
  rejectCase,
  requestCorrection,
  revealApplicant,
  startCase,
  updateTask,
} from '../../../services/cases';
import { getMe } from '../../../services/users';
import { DepartmentPicker } from '../components/department-picker';
import { confirmAction, toast } from '../../../utils/confirm';
import { STAFF_LOGIN_ROUTE, STAFF_CASES_ROUTE } from '../../../utils/routes';
import {
  Card,
  CaseHeader,
  Choice,
  CorrectionsNotice,
  TasksCard,
  Timeline,
  TripsCard,
  caseTimeline,
  useDepartmentNames,
} from '../components/parts';
import { RequireRouteParam } from '../../../components/missing-record';
import './index.scss';

type Panel = 'correction' | 'reject' | 'complete' | 'deliver' | 'accept';

/** 需补正: pick the missing materials (from the checklist), a reason each, or name another one. */
function CorrectionForm({
  c,
  busy,
  onSubmit,
  onCancel,
}: {
  c: CaseDetail;
  busy: boolean;
  onSubmit: (items: CorrectionItem[]) => void;
  onCancel: () => void;
}) {
  const [picked, setPicked] = useState<Record<number, boolean>>(() =>
    Object.fromEntries(c.missing.map((m) => [m.index, true])),
  );
  const [reasons, setReasons] = useState<Record<number, string>>({});
  const [otherName, setOtherName] = useState('');
  const [otherReason, setOtherReason] = useState('');
  const [error, setError] = useState<string>();

  const submit = () => {
    const items: CorrectionItem[] = [];
    for (const m of c.materials) {
      if (!picked[m.index]) continue;
      const reason = (reasons[m.index] ?? '').trim();
      if (!reason) {
        setError(`请写明“${m.name}”的补正原因`);
        return;
      }
      items.push({ index: m.index, name: m.name, reason });
    }
    if (otherName.trim()) {
      if (!otherReason.trim()) {
        setError('请写明其他材料的补正原因');
        return;
      }
      items.push({ name: otherName.trim(), reason: otherReason.trim() });
    }
    if (items.length === 0) {
      setError('请选择需要补正的材料');
      return;
    }
    setError(undefined);
    onSubmit(items);
  };

  return (
    <Card title="需补正：选择缺少的材料并写明原因" testId="correction-form">
      {c.materials
        .filter((m) => m.requirement !== 'cancelled' && m.requirement !== 'shared')
        .map((m) => (
          <View key={m.index} className="material-row">
            <View
              className="material-row__head"
              role="checkbox"
              aria-checked={!!picked[m.index]}
              data-testid={`pick-material-${m.index}`}
              onClick={() => setPicked((p) => ({ ...p, [m.index]: !p[m.index] }))}
            >
              <Text className="case-text">{`${picked[m.index] ? '☑' : '☐'} ${m.name}`}</Text>
              <Text className="case-muted">{m.stateLabel}</Text>
            </View>
            {picked[m.index] ? (
              <FormField
                label={`“${m.name}”补正原因`}
                name={`reason-${m.index}`}
                maxlength={500}
                value={reasons[m.index] ?? ''}
                placeholder="如：复印件不清晰，请上传原件照片"
                onChange={(v) => setReasons((r) => ({ ...r, [m.index]: v }))}
              />
            ) : null}
          </View>
        ))}
      <FormField
        label="其他材料（选填）"
        name="otherName"
        maxlength={200}
        value={otherName}
        onChange={setOtherName}
      />
      {otherName.trim() ? (
        <FormField
          label="其他材料补正原因"
          name="otherReason"
          maxlength={500}
          value={otherReason}
          onChange={setOtherReason}
        />
      ) : null}
      <FormError message={error} />
      <View className="case-actions">
        <Button type="primary" size="small" disabled={busy} loading={busy} onClick={submit}>
          发送补正通知
        </Button>
        <Button type="default" size="small" disabled={busy} onClick={onCancel}>
          取消
        </Button>
      </View>
    </Card>
  );
}

/**
 * 核对申请人: lists show "张*"; the staff handling the case see the full name and the ID number's last
 * 4 only after tapping, to verify the person at the window (each look is in the audit log).
 */
function ApplicantCheck({ caseId }: { caseId: string }) {
  return (
    <Card title="核对申请人" testId="applicant-check">
      <IdentityReveal
        reveal={() => revealApplicant(caseId)}
        hint="列表中姓名已打码。需要在窗口核对本人时，可查看全名和身份证号后 4 位（将记入审计日志）。"
        testId="applicant-identity"
      />
    </Card>
  );
}

/** The staff case page: everything the applicant sees in full, plus the actions the status allows. */
function StaffCase({ id }: { id: string }) {
  const dept = useDepartmentNames();
  const [me, setMe] = useState<MeResponse>();
  const [c, setCase] = useState<CaseDetail>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string>();
  const [panel, setPanel] = useState<Panel>();
  const [actionError, setActionError] = useState<string>();
  // panel inputs
  const [legalReason, setLegalReason] = useState('');
  const [outcome, setOutcome] = useState<CaseOutcome>('approved');
  const [note, setNote] = useState('');
  const [method, setMethod] = useState<DeliveryMethod>('pickup');
  const [tracking, setTracking] = useState('');
  const [carrier, setCarrier] = useState('');
  const [coDepartments, setCoDepartments] = useState<string[]>([]);
  const [fieldError, setFieldError] = useState<string>();

  const load = useCallback(async () => {
    installSession();
    if (!isStaffRole(readSession()?.user.role)) {
      void Taro.redirectTo({ url: STAFF_LOGIN_ROUTE });
      return;
    }
    setError(null);
    try {
      const [who, detail] = await Promise.all([me ? Promise.resolve(me) : getMe(), getCase(id)]);
      setMe(who);
      setCase(detail);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
      void Taro.stopPullDownRefresh();
    }
  }, [id, me]);

  useDidShow(() => {
    void load();
  });
  usePullDownRefresh(() => {
    void load();
  });
  useEffect(() => {
    if (c) void Taro.setNavigationBarTitle({ title: c.number });
  }, [c?.number]);

  const openPanel = (p: Panel) => {
    setPanel((cur) => (cur === p ? undefined : p));
    setFieldError(undefined);
    setActionError(undefined);
    setNote('');
    if (p === 'deliver' && c?.delivery?.method) setMethod(c.delivery.method);
  };

  /** Confirm first; 409 CONFLICT says so and reloads; anything else shows the API's message. */
  const run = async (key: string, title: string, content: string, action: () => Promise<CaseDetail>) => {
    if (!(await confirmAction(title, content))) return;
    setBusy(key);
    setActionError(undefined);
    try {
      setCase(await action());
      setPanel(undefined);
      toast('操作成功', 'success');
    } catch (err) {
      if (isStale(err)) {
        setActionError(STALE_MESSAGE);
        toast(STALE_MESSAGE);
        setPanel(undefined);
        await load();
      } else {
        setActionError(errorMessage(err));
      }
    } finally {
      setBusy(undefined);
    }
  };

  const allowed = (a: string) => !!c?.allowedActions.includes(a);
  /** 确认办结 waits for every parallel task: disabled with the departments named, not a 409 after the tap. */
  const openTasks = (c?.tasks ?? []).filter((t) => t.status !== 'done');

  const submitReject = () => {
    if (!c) return;
    if (legalReason.trim().length < 2) {
      setFieldError('请写明不予受理的法律依据和理由');
      return;
    }
    setFieldError(undefined);
    void run('reject', '不予受理', `确定不予受理 ${c.number} 吗？申请人将收到理由。`, () =>
      rejectCase(c.id, legalReason.trim()),
    );
  };

  const submitAccept = () => {
    if (!c) return;
    const codes = coDepartments;
    setFieldError(undefined);
    void run('accept', '受理', `确定受理 ${c.number} 吗？受理后开始计时。`, () =>
      acceptCase(c.id, codes.length ? { coDepartments: codes.map((department) => ({ department })) } : {}),
    );
  };

  const submitComplete = () => {
    if (!c) return;
    const label = outcome === 'approved' ? '准予许可' : '不予许可';
    void run('complete', '办结', `确定以“${label}”办结 ${c.number} 吗？`, () =>
      completeCase(c.id, outcome, note.trim() || undefined),
    );
  };

  const submitDeliver = () => {
    if (!c) return;
    if (method === 'post' && !/^[A-Za-z0-9-]{6,40}$/.test(tracking.trim())) {
      setFieldError('快递单号格式不正确');
      return;
    }
    setFieldError(undefined);
    void run(
      'deliver',
      '出件',
      method === 'post' ? `确定已邮寄（单号 ${tracking.trim()}）吗？` : '确定申请人已在窗口领取吗？',
      () =>
        deliverCase(
          c.id,
          method === 'post'
            ? {
                method,
                trackingNumber: tracking.trim(),
                ...(carrier.trim() ? { carrier: carrier.trim() } : {}),
              }
            : { method, ...(note.trim() ? { note: note.trim() } : {}) },
        ),
    );
  };

  const submitCorrection = (items: CorrectionItem[]) => {
    if (!c) return;
    const text = `将通知申请人补正 ${items.length} 项材料${c.status === 'in_progress' ? '，补正期间暂停计时' : ''}。确定吗？`;
    void run('correction', '需补正', text, () =>
      c.status === 'submitted'
        ? prereviewCase(c.id, { result: 'needs_correction', items })
        : requestCorrection(c.id, items),
    );
  };

  const status = c?.status;
  // 登记到场 only where the BFF would accept it (staff at this case's counter; never a supervisor).
  const canTrip = !!c?.allowedActions.includes('trip');
  const isFinal = !!status && (CASE_FINAL_STATUSES as readonly CaseStatus[]).includes(status);
  const myTasks = (c?.tasks ?? []).filter((t) => t.department === me?.department && t.status !== 'done');

  return (
    <View className="cases">
      <StatusView loading={loading} error={c ? null : error} onRetry={() => void load()}>
        {c ? (
          <>
            <CaseHeader c={c} dept={dept} />
            {/* Only staff may look (the route refuses supervisors): not offered to them. */}
            {me?.role === 'staff' ? <ApplicantCheck caseId={c.id} /> : null}
            <CorrectionsNotice c={c} />

            <Card title="办理操作" testId="staff-actions">
              {isFinal && !canTrip ? (
                <Text className="case-muted">该办件已结束，无可办理的操作。</Text>
              ) : null}
              {c.allowedActions.length === 0 && !isFinal ? (
                <Text className="case-muted">当前状态下您没有可办理的操作。</Text>
              ) : null}
              <View className="case-actions">
                {allowed('prereview_pass') ? (
                  <Button
                    type="primary"
                    size="small"
                    disabled={!!busy}
                    loading={busy === 'pass'}
                    onClick={() =>
                      void run('pass', '预审通过', `确定 ${c.number} 预审通过吗？`, () =>
                        prereviewCase(c.id, { result: 'pass' }),
                      )
                    }
                  >
                    预审通过
                  </Button>
                ) : null}
                {allowed('request_correction') ? (
                  <Button
                    type="warning"
                    size="small"
                    disabled={!!busy}
                    onClick={() => openPanel('correction')}
                  >
                    需补正
                  </Button>
                ) : null}
                {allowed('accept') ? (
                  <Button type="primary" size="small" disabled={!!busy} onClick={() => openPanel('accept')}>
                    受理
                  </Button>
                ) : null}
                {allowed('reject') ? (
                  <Button type="danger" size="small" disabled={!!busy} onClick={() => openPanel('reject')}>
                    不予受理
                  </Button>
                ) : null}
                {allowed('start') ? (
                  <Button
                    type="primary"
                    size="small"
                    disabled={!!busy}
                    loading={busy === 'start'}
                    onClick={() =>
                      void run('start', '开始办理', `确定开始办理 ${c.number} 吗？`, () => startCase(c.id))
                    }
                  >
                    开始办理
                  </Button>
                ) : null}
                {allowed('complete') ? (
                  <Button type="success" size="small" disabled={!!busy} onClick={() => openPanel('complete')}>
                    办结
                  </Button>
                ) : null}
                {allowed('deliver') ? (
                  <Button type="primary" size="small" disabled={!!busy} onClick={() => openPanel('deliver')}>
                    出件
                  </Button>
                ) : null}
                {canTrip ? (
                  <Button
                    type="primary"
                    fill="outline"
                    className="case-trip-button"
                    size="small"
                    disabled={!!busy}
                    loading={busy === 'trip'}
                    onClick={() =>
                      void run(
                        'trip',
                        '登记到场',
                        `登记申请人到窗口办理一次（当前已跑动 ${c.trips.taken} 次，承诺最多 ${c.trips.allowed} 次）？`,
                        () => recordTrip(c.id),
                      )
                    }
                  >
                    登记到场
                  </Button>
                ) : null}
              </View>
              <FormError message={actionError} />
            </Card>

            {panel === 'correction' ? (
              <CorrectionForm
                key={c.version}
                c={c}
                busy={busy === 'correction'}
                onSubmit={submitCorrection}
                onCancel={() => setPanel(undefined)}
              />
            ) : null}
            {panel === 'accept' ? (
              <Card title="受理" testId="accept-form">
                <DepartmentPicker
                  label="并联部门（选填，可多选）"
                  value={coDepartments}
                  exclude={c.department}
                  disabled={!!busy}
                  onChange={setCoDepartments}
                />
                <View className="case-actions">
                  <Button
                    type="primary"
                    size="small"
                    disabled={!!busy}
                    loading={busy === 'accept'}
                    onClick={submitAccept}
                  >
                    确认受理
                  </Button>
                </View>
              </Card>
            ) : null}
            {panel === 'reject' ? (
              <Card title="不予受理" testId="reject-form">
                <FormField
                  label="法律依据和理由"
                  name="legalReason"
                  maxlength={1000}
                  value={legalReason}
                  placeholder="如：依据《……》第 X 条，申请事项不属于本机关职权范围"
                  error={fieldError}
                  onChange={setLegalReason}
                />
                <View className="case-actions">
                  <Button
                    type="danger"
                    size="small"
                    disabled={!!busy}
                    loading={busy === 'reject'}
                    onClick={submitReject}
                  >
                    确认不予受理
                  </Button>
                </View>
              </Card>
            ) : null}
            {panel === 'complete' ? (
              <Card title="办结" testId="complete-form">
                {openTasks.length ? (
                  <Text className="case-warn" data-testid="complete-blocked">
                    {`并联部门尚未办结：${openTasks
                      .map((t) => t.departmentName ?? dept(t.department))
                      .join('、')}。待其全部办结后才能确认办结。`}
                  </Text>
                ) : null}
                {c.owed.length ? (
                  <Text className="case-warn" data-testid="staff-owed">
                    {`容缺材料尚未后补：${c.owed.map((m) => m.name).join('、')}`}
                  </Text>
                ) : null}
                <Choice<CaseOutcome>
                  value={outcome}
                  onChange={setOutcome}
                  options={[
                    { value: 'approved', label: '准予许可' },
                    { value: 'refused', label: '不予许可' },
                  ]}
                />
                <FormField
                  label="办结说明（选填）"
                  name="completeNote"
                  maxlength={500}
                  value={note}
                  onChange={setNote}
                />
                <View className="case-actions">
                  <Button
                    type="success"
                    size="small"
                    disabled={!!busy || openTasks.length > 0}
                    loading={busy === 'complete'}
                    onClick={submitComplete}
                  >
                    确认办结
                  </Button>
                </View>
              </Card>
            ) : null}
            {panel === 'deliver' ? (
              <Card title="出件" testId="deliver-form">
                {c.delivery?.address ? (
                  <Text className="case-text">{`申请人选择邮寄：${c.delivery.address.recipient} ${c.delivery.address.phone} ${c.delivery.address.address}`}</Text>
                ) : c.delivery ? (
                  <Text className="case-text">申请人选择窗口领取</Text>
                ) : (
                  <Text className="case-muted">申请人尚未选择领取方式</Text>
                )}
                <Choice<DeliveryMethod>
                  value={method}
                  onChange={setMethod}
                  options={[
                    { value: 'pickup', label: '窗口领取' },
                    { value: 'post', label: '邮寄送达' },
                  ]}
                />
                {method === 'post' ? (
                  <>
                    <FormField
                      label="快递单号"
                      name="trackingNumber"
                      maxlength={40}
                      value={tracking}
                      error={fieldError}
                      onChange={setTracking}
                    />
                    <FormField
                      label="快递公司（选填）"
                      name="carrier"
                      maxlength={30}
                      value={carrier}
                      onChange={setCarrier}
                    />
                  </>
                ) : (
                  <FormField
                    label="备注（选填）"
                    name="deliverNote"
                    maxlength={500}
                    value={note}
                    onChange={setNote}
                  />
                )}
                <View className="case-actions">
                  <Button
                    type="primary"
                    size="small"
                    disabled={!!busy}
                    loading={busy === 'deliver'}
                    onClick={submitDeliver}
                  >
                    确认出件
                  </Button>
                </View>
              </Card>
            ) : null}

            <TasksCard
              c={c}
              dept={dept}
              renderActions={(t) =>
                myTasks.some((m) => m.id === t.id) ? (
                  <View className="case-actions" data-testid="task-actions">
                    {t.status === 'pending' ? (
                      <Button
                        size="small"
                        type="primary"
                        fill="outline"
                        disabled={!!busy}
                        onClick={() =>
                          void run('task', '并联任务', '确定开始办理本部门的并联任务吗？', () =>
                            updateTask(t.id, { status: 'in_progress' }),
                          )
                        }
                      >
                        开始办理
                      </Button>
                    ) : null}
                    <Button
                      size="small"
                      type="success"
                      disabled={!!busy}
                      onClick={() =>
                        void run('task', '并联任务', '确定本部门办结（同意）吗？', () =>
                          updateTask(t.id, { status: 'done', outcome: 'approved' }),
                        )
                      }
                    >
                      办结（同意）
                    </Button>
                    <Button
                      size="small"
                      type="danger"
                      fill="outline"
                      disabled={!!busy}
                      onClick={() =>
                        void run('task', '并联任务', '确定本部门办结（不同意）吗？', () =>
                          updateTask(t.id, { status: 'done', outcome: 'refused' }),
                        )
                      }
                    >
                      办结（不同意）
                    </Button>
                  </View>
                ) : null
              }
            />
            <TripsCard c={c} />

            <Card title="申请材料" testId="staff-materials">
              {c.missing.length ? (
                <Text className="case-warn">{`尚缺：${c.missing.map((m) => m.name).join('、')}`}</Text>
              ) : null}
              {c.materials.map((m) => (
                <View key={m.index} className="material-row">
                  <View className="material-row__head">
                    <Text className="case-text">{m.name}</Text>
                    <Text className="case-muted">{m.stateLabel}</Text>
                  </View>
                  {m.files.map((f) => (
                    <Text
                      key={f.id}
                      className="case-link"
                      onClick={() => openMaterialFile(f).catch((err: unknown) => toast(errorMessage(err)))}
                    >
                      {`查看 ${f.filename}`}
                    </Text>
                  ))}
                </View>
              ))}
            </Card>
            {Object.keys(c.formFields).length ? (
              <Card title="申报信息">
                {Object.entries(c.formFields).map(([k, v]) => (
                  <Text key={k} className="case-text">{`${k}：${v}`}</Text>
                ))}
              </Card>
            ) : null}
            <Card title="办理记录">
              <Timeline events={caseTimeline(c, dept)} />
            </Card>
          </>
        ) : null}
      </StatusView>
    </View>
  );
}

/** The page: without its id (a cut link) it says so and leads back to its list, asking nothing. */
export default function StaffCasePage() {
  return (
    <RequireRouteParam name="id" listRoute={STAFF_CASES_ROUTE} listLabel="返回办件列表">
      {(id) => <StaffCase id={id} />}
    </RequireRouteParam>
  );
}
