import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { postalAddressSchema, type CaseDetail, type CaseStatus, type DeliveryMethod } from '@app/shared';
import { Button } from '../../../components/nut';
import { FormError, FormField } from '../../../components/form-field';
import { RatingCard } from '../../../components/rating-card';
import { StatusView } from '../../../components/status-view';
import { ApiError, errorMessage } from '../../../services/api-client';
import { ensureSession, installSession } from '../../../services/auth';
import {
  FILE_TOO_LARGE_MESSAGE,
  STALE_MESSAGE,
  chooseDelivery,
  getCase,
  isStale,
  isTooLarge,
  openMaterialFile,
  pickMaterialFile,
  resubmitCase,
  uploadMaterial,
  waiveMaterial,
  withdrawCase,
} from '../../../services/cases';
import { confirmAction, toast } from '../../../utils/confirm';
import { formatChinaTime } from '../../../utils/format';
import { MY_CASES_ROUTE, TAB_ROUTES, complaintNewRoute } from '../../../utils/routes';
import {
  Card,
  CaseHeader,
  Choice,
  CorrectionsNotice,
  TasksCard,
  Timeline,
  TripsCard,
  caseTimeline,
  formatDate,
  useDepartmentNames,
} from '../components/parts';
import { RequireRouteParam } from '../../../components/missing-record';
import './index.scss';

const UPLOAD_STATUSES: readonly CaseStatus[] = ['submitted', 'needs_correction', 'correction_paused'];
/** 容缺后补: a waived material may be supplied after 受理, until 办结. */
const OWED_STATUSES: readonly CaseStatus[] = [...UPLOAD_STATUSES, 'prereviewed', 'accepted', 'in_progress'];

function MaterialsCard({
  c,
  busy,
  onUpload,
  onWaive,
}: {
  c: CaseDetail;
  busy: string | undefined;
  onUpload: (index: number) => void;
  onWaive: (index: number) => void;
}) {
  const canUpload = UPLOAD_STATUSES.includes(c.status);
  if (c.materials.length === 0) return null;
  return (
    <Card title="申请材料" testId="materials">
      {c.missing.length ? (
        <Text className="case-warn" data-testid="missing">
          {`尚缺 ${c.missing.length} 项：${c.missing.map((m) => m.name).join('、')}`}
        </Text>
      ) : null}
      {c.owed.length ? (
        <Text className="case-warn" data-testid="owed">
          {`容缺待补 ${c.owed.length} 项：${c.owed.map((m) => m.name).join('、')}。${
            c.owedBy ? `请于 ${formatDate(c.owedBy)} 前补交（办结前）` : '请在受理后、办结前补交'
          }`}
        </Text>
      ) : null}
      {!c.missing.length && !c.owed.length ? <Text className="case-muted">材料已齐全</Text> : null}
      {c.materials.map((m) => {
        const upload =
          (canUpload && (m.requirement === 'required' || m.requirement === 'waivable')) ||
          (m.state === 'waived' && OWED_STATUSES.includes(c.status));
        return (
          <View
            key={m.index}
            className={`material-row${m.state === 'missing' ? ' material-row--missing' : ''}`}
            data-testid="case-material"
          >
            <View className="material-row__head">
              <Text className="case-text">{m.name}</Text>
              <Text
                className={`case-flag ${m.state === 'missing' ? 'case-flag--soon' : m.state === 'waived' ? 'case-flag--paused' : 'case-flag--ok'}`}
              >
                {m.stateLabel}
              </Text>
            </View>
            {m.files.map((f) => (
              <Text
                key={f.id}
                className="case-link"
                onClick={() => openMaterialFile(f).catch((err: unknown) => toast(errorMessage(err)))}
              >
                {`${f.filename}（${Math.max(1, Math.round(f.size / 1024))} KB，${formatChinaTime(f.uploadedAt, { withDate: true })}）`}
              </Text>
            ))}
            {upload ? (
              <View className="material-row__actions">
                <Button
                  size="small"
                  type="primary"
                  fill="outline"
                  disabled={!!busy}
                  loading={busy === `upload-${m.index}`}
                  onClick={() => onUpload(m.index)}
                >
                  {m.files.length ? '继续上传' : '上传'}
                </Button>
                {m.requirement === 'waivable' && m.state === 'missing' ? (
                  <Button size="small" type="default" disabled={!!busy} onClick={() => onWaive(m.index)}>
                    申请容缺
                  </Button>
                ) : null}
              </View>
            ) : null}
          </View>
        );
      })}
    </Card>
  );
}

function DeliveryCard({
  c,
  busy,
  onSave,
}: {
  c: CaseDetail;
  busy: boolean;
  onSave: (method: DeliveryMethod, address?: { recipient: string; phone: string; address: string }) => void;
}) {
  const [method, setMethod] = useState<DeliveryMethod>(c.delivery?.method ?? 'pickup');
  const [recipient, setRecipient] = useState(c.delivery?.address?.recipient ?? '');
  const [phone, setPhone] = useState(c.delivery?.address?.phone ?? '');
  const [address, setAddress] = useState(c.delivery?.address?.address ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const save = () => {
    if (method === 'pickup') {
      onSave('pickup');
      return;
    }
    const parsed = postalAddressSchema.safeParse({ recipient, phone, address });
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
      return;
    }
    setErrors({});
    onSave('post', parsed.data);
  };

  return (
    <Card title="领取方式" testId="delivery-card">
      <Text className="case-muted">办结后可到窗口领取，或邮寄送达（零跑腿）。</Text>
      <Choice
        value={method}
        onChange={setMethod}
        options={[
          { value: 'pickup', label: '窗口领取' },
          { value: 'post', label: '邮寄送达' },
        ]}
      />
      {method === 'post' ? (
        <View>
          <FormField
            label="收件人"
            name="recipient"
            value={recipient}
            error={errors.recipient}
            onChange={setRecipient}
          />
          <FormField
            label="联系电话"
            name="deliveryPhone"
            type="number"
            maxlength={13}
            value={phone}
            error={errors.phone}
            onChange={setPhone}
          />
          <FormField
            label="详细地址"
            name="address"
            maxlength={200}
            value={address}
            error={errors.address}
            onChange={setAddress}
          />
        </View>
      ) : null}
      <View className="case-actions">
        <Button type="primary" size="small" disabled={busy} loading={busy} onClick={save}>
          确认领取方式
        </Button>
      </View>
    </Card>
  );
}

/** The applicant's case page: header, 补正 notice, materials, tasks, trips, timeline, actions. */
function CaseDetailView({ id }: { id: string }) {
  const dept = useDepartmentNames();
  const [c, setCase] = useState<CaseDetail>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [busy, setBusy] = useState<string>();
  const [actionError, setActionError] = useState<string>();

  const load = useCallback(async () => {
    installSession();
    setError(null);
    try {
      await ensureSession();
      setCase(await getCase(id));
      setNotFound(false);
    } catch (err) {
      // Someone else's case and a missing one answer alike (404): say so, with a way home.
      if (err instanceof ApiError && err.status === 404) {
        setNotFound(true);
        setCase(undefined);
      }
      setError(errorMessage(err));
    } finally {
      setLoading(false);
      void Taro.stopPullDownRefresh();
    }
  }, [id]);

  useDidShow(() => {
    void load();
  });
  usePullDownRefresh(() => {
    void load();
  });
  useEffect(() => {
    if (c) void Taro.setNavigationBarTitle({ title: c.number });
  }, [c?.number]);

  /** Runs one action; 409 CONFLICT reloads the case (somebody moved it meanwhile). */
  const run = async (key: string, action: () => Promise<CaseDetail | void>, done?: string) => {
    setBusy(key);
    setActionError(undefined);
    try {
      const next = await action();
      if (next) setCase(next);
      else await load();
      if (done) toast(done, 'success');
    } catch (err) {
      if (isStale(err)) {
        toast(STALE_MESSAGE);
        await load();
      } else {
        setActionError(errorMessage(err));
        toast(errorMessage(err));
      }
    } finally {
      setBusy(undefined);
    }
  };

  const onUpload = async (index: number) => {
    if (!c) return;
    const file = await pickMaterialFile();
    if (!file) return;
    if (isTooLarge(file)) {
      toast(FILE_TOO_LARGE_MESSAGE);
      return;
    }
    await run(
      `upload-${index}`,
      async () => {
        await uploadMaterial(c.id, index, file);
      },
      '已上传',
    );
  };

  const onWaive = async (index: number) => {
    if (!c) return;
    const m = c.materials[index];
    if (!(await confirmAction('申请容缺', `“${m?.name ?? ''}”先不提交，办理期间后补？`))) return;
    await run('waive', () => waiveMaterial(c.id, index), '已申请容缺');
  };

  const onResubmit = async () => {
    if (!c) return;
    const still = c.missing.length ? `仍缺 ${c.missing.length} 项材料，` : '';
    if (!(await confirmAction('重新提交', `${still}确定补正完毕并重新提交吗？`, '提交'))) return;
    await run('resubmit', () => resubmitCase(c.id), '已重新提交');
  };

  const onWithdraw = async () => {
    if (!c) return;
    if (!(await confirmAction('撤回申请', '撤回后本办件将终止办理，需要时可重新申报。确定撤回吗？', '撤回')))
      return;
    await run('withdraw', () => withdrawCase(c.id), '已撤回');
  };

  const onDelivery = async (
    method: DeliveryMethod,
    address?: { recipient: string; phone: string; address: string },
  ) => {
    if (!c) return;
    const text = method === 'post' ? `邮寄至 ${address?.address ?? ''}` : '到窗口领取';
    if (!(await confirmAction('领取方式', `确定${text}吗？`))) return;
    await run(
      'delivery',
      () => chooseDelivery(c.id, method === 'post' && address ? { method, address } : { method: 'pickup' }),
      '已保存',
    );
  };

  const canResubmit = c?.allowedActions.includes('resubmit');
  const canWithdraw = c?.allowedActions.includes('withdraw');

  return (
    <View className="cases">
      {notFound ? (
        <View className="case-empty" data-testid="case-not-found">
          <Text className="case-text">无权查看或不存在</Text>
          <Text className="case-muted">该办件不存在，或您不是其申请人或所在企业的成员。</Text>
          <View className="case-actions">
            <Button type="primary" size="small" onClick={() => void Taro.switchTab({ url: TAB_ROUTES.home })}>
              返回首页
            </Button>
            <Button type="default" size="small" onClick={() => void Taro.redirectTo({ url: MY_CASES_ROUTE })}>
              我的办件
            </Button>
          </View>
        </View>
      ) : null}
      <StatusView loading={loading} error={c || notFound ? null : error} onRetry={() => void load()}>
        {c ? (
          <>
            <CaseHeader c={c} dept={dept} />
            <Text
              className="case-link"
              data-testid="complain-case"
              onClick={() =>
                void Taro.navigateTo({
                  url: complaintNewRoute({
                    subject: 'case',
                    id: c.id,
                    label: `办件 ${c.number} ${c.itemName}`,
                  }),
                })
              }
            >
              对该办件投诉或建议
            </Text>
            <CorrectionsNotice c={c} />
            {canResubmit ? (
              <Card testId="resubmit-card">
                <Text className="case-text">补齐上述材料后，请点“重新提交”。</Text>
                <View className="case-actions">
                  <Button
                    type="primary"
                    size="small"
                    disabled={!!busy}
                    loading={busy === 'resubmit'}
                    onClick={() => void onResubmit()}
                  >
                    重新提交
                  </Button>
                </View>
              </Card>
            ) : null}
            <MaterialsCard
              c={c}
              busy={busy}
              onUpload={(i) => void onUpload(i)}
              onWaive={(i) => void onWaive(i)}
            />
            {c.status === 'completed' ? (
              <DeliveryCard
                key={`${c.id}-${c.version}`}
                c={c}
                busy={busy === 'delivery'}
                onSave={(m, a) => void onDelivery(m, a)}
              />
            ) : null}
            <TasksCard c={c} dept={dept} />
            <TripsCard c={c} />
            {c.status === 'completed' || c.status === 'delivered' ? (
              <RatingCard kind="case" id={c.id} />
            ) : null}
            {Object.keys(c.formFields).length ? (
              <Card title="申报信息">
                {Object.entries(c.formFields).map(([k, v]) => (
                  <Text key={k} className="case-text">{`${k}：${v}`}</Text>
                ))}
              </Card>
            ) : null}
            <Card title="办理进度">
              <Timeline events={caseTimeline(c, dept)} />
            </Card>
            <FormError message={actionError} />
            {canWithdraw ? (
              <View className="case-withdraw">
                <Button
                  type="danger"
                  fill="outline"
                  block
                  className="case-withdraw__button"
                  disabled={!!busy}
                  loading={busy === 'withdraw'}
                  onClick={() => void onWithdraw()}
                >
                  撤回申请
                </Button>
              </View>
            ) : null}
          </>
        ) : null}
      </StatusView>
    </View>
  );
}

/** The page: without its id (a cut link) it says so and leads back to its list, asking nothing. */
export default function CaseDetailPage() {
  return (
    <RequireRouteParam name="id" listRoute={MY_CASES_ROUTE} listLabel="返回我的办件">
      {(id) => <CaseDetailView id={id} />}
    </RequireRouteParam>
  );
}
