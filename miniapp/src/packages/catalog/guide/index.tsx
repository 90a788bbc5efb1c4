import { useEffect, useState, type ReactNode } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { MATERIAL_REQUIREMENT_LABELS, type Hall, type Material, type ServiceItemDetail } from '@app/shared';
import { ApiError } from '../../../services/api-client';
import { listAppointmentHalls } from '../../../services/appointments';
import { installSession } from '../../../services/auth';
import { getItem, listHalls } from '../../../services/catalog';
import { useRemote } from '../../../hooks/use-remote';
import { Button, Tag } from '../../../components/nut';
import { REQUIREMENT_COLORS } from '../../../utils/labels';
import { StatusView } from '../../../components/status-view';
import { TripsBadge } from '../../../components/trips-badge';
import { formatWorkingDays } from '../../../utils/format';
import {
  TAB_ROUTES,
  appointmentHallsRoute,
  caseApplyRoute,
  complaintNewRoute,
  decodeParam,
} from '../../../utils/routes';
import { GuideFaq } from '../../../components/faq-list';
import './index.scss';

/** Materials the applicant must actually prepare (ticked off in the checklist). */
const toPrepare = (m: Material) => m.requirement === 'required' || m.requirement === 'waivable';

function Section({ title, extra, children }: { title: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <View className="guide-section">
      <View className="guide-section__head">
        <Text className="guide-section__title">{title}</Text>
        {extra}
      </View>
      <View className="guide-section__body">{children}</View>
    </View>
  );
}

function callPhone(phone: string) {
  Taro.makePhoneCall({ phoneNumber: phone }).catch(() => {
    /* the user cancelled the call sheet */
  });
}

function PhoneLink({ phone }: { phone: string }) {
  return (
    <Text className="guide-phone" onClick={() => callPhone(phone)}>
      {phone}
    </Text>
  );
}

function MaterialsChecklist({ materials }: { materials: Material[] }) {
  const [ready, setReady] = useState<Record<number, boolean>>({});
  const needed = materials.map((m, i) => ({ m, i })).filter(({ m }) => toPrepare(m));
  const done = needed.filter(({ i }) => ready[i]).length;

  if (materials.length === 0) return <Text className="guide-muted">无需提交材料</Text>;

  return (
    <View className="materials">
      <Text className="materials__progress">{`已准备 ${done} / ${needed.length} 项（点击勾选）`}</Text>
      {materials.map((m, i) => {
        const checkable = toPrepare(m);
        const checked = !!ready[i];
        return (
          <View
            key={`${i}-${m.name}`}
            className={`material material--${m.requirement}${checked ? ' material--checked' : ''}`}
            data-testid="material"
            onClick={checkable ? () => setReady((r) => ({ ...r, [i]: !r[i] })) : undefined}
          >
            <View className={`material__box${checkable ? '' : ' material__box--none'}`}>
              {checkable && checked ? <Text className="material__tick">✓</Text> : null}
            </View>
            <View className="material__main">
              <Text className="material__name">{m.name}</Text>
              <Text className="material__form">
                {m.requirement === 'cancelled' ? '已取消，无需提交' : `${m.form} · ${m.count} 份`}
              </Text>
              {m.note ? <Text className="material__note">{m.note}</Text> : null}
            </View>
            <Tag
              className="material__badge"
              background={REQUIREMENT_COLORS[m.requirement]}
              plain={m.requirement === 'required'}
            >
              {MATERIAL_REQUIREMENT_LABELS[m.requirement]}
            </Tag>
          </View>
        );
      })}
    </View>
  );
}

function HallsList({ item, halls }: { item: ServiceItemDetail; halls: Hall[] | undefined }) {
  const byCode = new Map((halls ?? []).map((h) => [h.code, h]));
  if (item.guide.halls.length === 0) return <Text className="guide-muted">可全程网上办理，无需到大厅</Text>;
  return (
    <View>
      {item.guide.halls.map(({ hallCode, windows }) => {
        const hall = byCode.get(hallCode);
        const windowNames = windows.map((w) => hall?.windows.find((x) => x.code === w)?.name ?? w);
        return (
          <View key={hallCode} className="hall" data-testid="hall">
            <Text className="hall__name">{hall?.name ?? hallCode}</Text>
            {hall ? <Text className="hall__line">{`地址：${hall.address}`}</Text> : null}
            {hall ? <Text className="hall__line">{`办公时间：${hall.openingHours}`}</Text> : null}
            {windowNames.length ? (
              <Text className="hall__line">{`窗口：${windowNames.join('、')}`}</Text>
            ) : null}
            {hall?.phone ? (
              <View className="hall__line">
                <Text>大厅电话：</Text>
                <PhoneLink phone={hall.phone} />
              </View>
            ) : null}
          </View>
        );
      })}
    </View>
  );
}

function Guide({
  item,
  halls,
  hallsError,
  onRetryHalls,
}: {
  item: ServiceItemDetail;
  halls: Hall[] | undefined;
  hallsError: string | null;
  onRetryHalls: () => void;
}) {
  const { guide } = item;
  return (
    <View className="guide">
      <View className="guide-header">
        <Text className="guide-header__name">{item.name}</Text>
        {item.aliases?.length ? (
          <Text className="guide-header__aliases">{`俗称：${item.aliases.join('、')}`}</Text>
        ) : null}
        <Text className="guide-header__meta">{`${item.departmentName} · ${item.kind} · ${item.level}级`}</Text>
        <View className="guide-header__badges">
          <TripsBadge maxTrips={item.maxTrips} />
          {item.onlineCapable ? (
            <Tag className="guide-header__tag" type="success" plain round>
              可网办
            </Tag>
          ) : null}
        </View>
        {item.maxTrips > 1 ? (
          <Text className="guide-header__reason">{`需跑动 ${item.maxTrips} 次的原因：${item.tripsReason || '未说明'}`}</Text>
        ) : null}
        <Text className="guide-header__code">{`事项编码：${item.code}`}</Text>
        {item.satisfaction ? (
          <Text className="guide-header__code" data-testid="guide-satisfaction">
            {item.satisfaction.count > 0 && item.satisfaction.share !== null
              ? `近 ${item.satisfaction.days} 天满意度 ${Math.round(item.satisfaction.share * 100)}%（${item.satisfaction.count} 条评价）`
              : `近 ${item.satisfaction.days} 天暂无评价`}
          </Text>
        ) : null}
      </View>

      <Section title="办理时限">
        <View className="limits">
          <View className="limits__cell">
            <Text className="limits__value">{formatWorkingDays(guide.promisedLimitDays)}</Text>
            <Text className="limits__label">承诺时限</Text>
          </View>
          <View className="limits__cell">
            <Text className="limits__value limits__value--muted">
              {formatWorkingDays(guide.legalLimitDays)}
            </Text>
            <Text className="limits__label">法定时限</Text>
          </View>
        </View>
      </Section>

      <Section title="办理条件">
        {guide.conditions.length ? (
          guide.conditions.map((c, i) => <Text key={i} className="guide-para">{`${i + 1}. ${c}`}</Text>)
        ) : (
          <Text className="guide-muted">无特别条件</Text>
        )}
      </Section>

      <Section title="申请材料">
        <MaterialsChecklist materials={guide.materials} />
      </Section>

      <Section title="办理流程">
        {guide.steps.length ? (
          guide.steps.map((s, i) => (
            <View key={i} className="step">
              <Text className="step__no">{i + 1}</Text>
              <View className="step__main">
                <Text className="step__title">{s.title}</Text>
                {s.description ? <Text className="step__desc">{s.description}</Text> : null}
              </View>
            </View>
          ))
        ) : (
          <Text className="guide-muted">暂无流程说明</Text>
        )}
      </Section>

      <Section title="收费标准">
        <Text className="guide-para">{guide.fees.trim() || '不收费'}</Text>
      </Section>

      <Section
        title="办理地点"
        extra={
          hallsError ? (
            <Text className="guide-link" onClick={onRetryHalls}>
              大厅信息加载失败，重试
            </Text>
          ) : null
        }
      >
        <HallsList item={item} halls={halls} />
      </Section>

      <Section title="咨询电话">
        {guide.phone ? <PhoneLink phone={guide.phone} /> : <Text className="guide-muted">暂无</Text>}
      </Section>

      {guide.legalBasis ? (
        <Section title="设定依据">
          <Text className="guide-para">{guide.legalBasis}</Text>
        </Section>
      ) : null}

      <Text className="guide-footer">
        {`本指南一次性告知全部办理要求${item.batch ? ` · 公布批次：${item.batch}` : ''} · 更新于 ${item.updatedAt.slice(0, 10)}`}
      </Text>
    </View>
  );
}

/** 一次性告知: the complete guide of one item. */
export default function GuidePage() {
  const { params } = useRouter();
  const code = decodeParam(params.code);
  const item = useRemote(() => {
    if (!code) return Promise.reject(new ApiError('NOT_FOUND', '缺少事项编码，请从事项列表进入'));
    return getItem(code);
  }, [code]);
  const halls = useRemote(listHalls, []);
  // 预约办理 only for items bookable at some hall; any failure hides the button (never a dead button).
  const bookable = useRemote(async () => {
    if (!code) return false;
    installSession();
    try {
      return (await listAppointmentHalls(code)).halls.length > 0;
    } catch {
      return false;
    }
  }, [code]);
  const canBook = !!item.data && bookable.data === true;
  // 在线申报 for online-capable items (the apply page checks login, 实名 and role).
  const canApply = !!item.data?.onlineCapable;

  useEffect(() => {
    if (item.data) void Taro.setNavigationBarTitle({ title: item.data.name });
  }, [item.data]);

  return (
    <View className={`guide-page${canBook || canApply ? ' guide-page--bookable' : ''}`}>
      <StatusView loading={item.loading} error={item.error} onRetry={item.reload}>
        {item.data ? (
          <>
            <Guide item={item.data} halls={halls.data} hallsError={halls.error} onRetryHalls={halls.reload} />
            <GuideFaq
              itemCode={item.data.code}
              itemName={item.data.name}
              department={item.data.departmentCode}
            />
            <View className="guide-page__back">
              <Text
                className="guide-link"
                data-testid="complain-item"
                onClick={() =>
                  void Taro.navigateTo({
                    url: complaintNewRoute({
                      subject: 'item',
                      code: item.data!.code,
                      label: item.data!.name,
                    }),
                  })
                }
              >
                对该事项投诉或建议
              </Text>
            </View>
          </>
        ) : null}
      </StatusView>
      {item.error ? (
        <View className="guide-page__back">
          <Text className="guide-link" onClick={() => void Taro.switchTab({ url: TAB_ROUTES.catalog })}>
            返回办事列表
          </Text>
        </View>
      ) : null}
      {(canBook || canApply) && item.data ? (
        <View className="guide-book" style={{ display: 'flex', flexDirection: 'row' }}>
          {canBook ? (
            <View style={{ flex: 1, padding: '0 6px' }}>
              <Button
                block
                type="primary"
                className="guide-book__button"
                onClick={() =>
                  void Taro.navigateTo({ url: appointmentHallsRoute({ itemCode: item.data!.code }) })
                }
              >
                预约办理
              </Button>
            </View>
          ) : null}
          {canApply ? (
            <View style={{ flex: 1, padding: '0 6px' }}>
              <Button
                block
                type={canBook ? 'default' : 'primary'}
                fill={canBook ? 'outline' : undefined}
                className="guide-book__button guide-book__apply"
                onClick={() => void Taro.navigateTo({ url: caseApplyRoute(item.data!.code) })}
              >
                在线申报
              </Button>
            </View>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}
