import { useState } from 'react';
import { Text, Textarea, View } from '@tarojs/components';
import {
  RATING_COMMENT_MAX,
  RATING_LEVEL_LABELS,
  RATING_LEVELS,
  RATING_REASON_LABELS,
  RATING_REASONS,
  RATEABLE_KINDS,
  isBadLevel,
  textLength,
  type RateableKind,
  type RatingLevel,
  type RatingView,
} from '@app/shared';
import { Button } from '../../../components/nut';
import { StatusView } from '../../../components/status-view';
import { useRemote } from '../../../hooks/use-remote';
import { ApiError, errorMessage } from '../../../services/api-client';
import { addAddendum, getServiceRating, rateService } from '../../../services/ratings';
import { confirmAction, toast } from '../../../utils/confirm';
import { formatChinaTime } from '../../../utils/format';
import { PENDING_RATINGS_ROUTE } from '../../../utils/routes';
import { MissingRecord } from '../../../components/missing-record';
import { useRouteParam } from '../../../hooks/use-route-param';
import '../ratings.scss';

function GivenRating({ r, onAddendum }: { r: RatingView; onAddendum: () => void }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const send = async () => {
    if (!text.trim()) return setError('请填写追评内容');
    if (!(await confirmAction('追加评价', '追评只能追加一次，提交后不能修改。确定提交吗？'))) return;
    setBusy(true);
    setError(undefined);
    try {
      await addAddendum(r.id, text.trim());
      toast('已追加评价', 'success');
      onAddendum();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="ratings-card" data-testid="given-rating">
      <Text className="ratings-title">{r.round === 2 ? '整改后评价' : '我的评价'}</Text>
      <Text className="ratings-text" data-testid="given-level">
        {r.levelLabel}
      </Text>
      {r.reasons.length ? (
        <Text className="ratings-muted">{r.reasons.map((x) => x.label).join('、')}</Text>
      ) : null}
      {r.comment ? <Text className="ratings-text">{r.comment}</Text> : null}
      <Text className="ratings-muted">{formatChinaTime(r.createdAt, { withDate: true })}</Text>
      {r.invalid ? <Text className="ratings-flag">{`已被认定为无效评价：${r.invalid.reason}`}</Text> : null}
      {r.rectification ? (
        <Text
          className="ratings-muted"
          data-testid="rectification-status"
        >{`整改进度：${r.rectification.statusLabel}`}</Text>
      ) : null}
      {r.addendum ? (
        <Text className="ratings-text">{`追评：${r.addendum.text}`}</Text>
      ) : r.addendumUntil ? (
        <View>
          <Textarea
            className="ratings-textarea"
            value={text}
            maxlength={RATING_COMMENT_MAX}
            placeholder="追加评价（7 天内可追加一次）"
            aria-label="追评内容"
            onInput={(e) => setText(e.detail.value)}
          />
          {error ? <Text className="ratings-error">{error}</Text> : null}
          <Button
            size="small"
            type="primary"
            fill="outline"
            loading={busy}
            disabled={busy}
            onClick={() => void send()}
          >
            追加评价
          </Button>
        </View>
      ) : null}
    </View>
  );
}

/** 评价 one service: five levels, each level's reasons, a comment (≤ 500), whether it may be shown. */
function RateService({ kind, id }: { kind: RateableKind; id: string }) {
  const state = useRemote(() => getServiceRating(kind, id), [kind, id]);
  const [level, setLevel] = useState<RatingLevel>();
  const [reasons, setReasons] = useState<string[]>([]);
  const [comment, setComment] = useState('');
  const [showComment, setShowComment] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const pickLevel = (l: RatingLevel) => {
    setLevel(l);
    setReasons((rs) => rs.filter((r) => RATING_REASONS[l].includes(r)));
  };
  const toggle = (code: string) =>
    setReasons((rs) => (rs.includes(code) ? rs.filter((r) => r !== code) : [...rs, code]));

  const submit = async () => {
    if (!level) return setError('请选择评价等级');
    if (textLength(comment) > RATING_COMMENT_MAX) return setError(`评价内容最多 ${RATING_COMMENT_MAX} 个字`);
    const bad = isBadLevel(level);
    const ok = await confirmAction(
      '提交评价',
      `${RATING_LEVEL_LABELS[level]}：每项服务只能评价一次，提交后不能修改${bad ? '；相关部门将回访并整改' : ''}。确定提交吗？`,
    );
    if (!ok) return;
    setBusy(true);
    setError(undefined);
    try {
      await rateService({ kind, id, level, reasons, comment: comment.trim() || undefined, showComment });
      toast('感谢您的评价', 'success');
      state.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const s = state.data;
  return (
    <View className="ratings-page">
      <StatusView loading={state.loading && !s} error={state.error} onRetry={state.reload}>
        {s ? (
          <>
            <View className="ratings-card">
              <Text className="ratings-title" data-testid="service-title">
                {s.title}
              </Text>
              {!s.canRate && s.ratings.length === 0 && s.blockedLabel ? (
                <Text className="ratings-muted" data-testid="blocked">
                  {s.blockedLabel}
                </Text>
              ) : null}
            </View>
            {s.ratings.map((r) => (
              <GivenRating key={r.id} r={r} onAddendum={state.reload} />
            ))}
            {s.canRate ? (
              <View className="ratings-card" data-testid="rate-form">
                <Text className="ratings-title">{s.round === 2 ? '整改后再评价' : '请您评价'}</Text>
                {s.rateUntil ? (
                  <Text className="ratings-muted">{`评价期限：${formatChinaTime(s.rateUntil, { withDate: true })}`}</Text>
                ) : null}
                <View className="ratings-chips" role="radiogroup" aria-label="评价等级">
                  {RATING_LEVELS.map((l) => (
                    <View
                      key={l}
                      role="radio"
                      aria-checked={level === l}
                      data-testid={`level-${l}`}
                      className={`ratings-chip${level === l ? ' ratings-chip--active' : ''}${isBadLevel(l) ? ' ratings-chip--bad' : ''}`}
                      onClick={() => pickLevel(l)}
                    >
                      {RATING_LEVEL_LABELS[l]}
                    </View>
                  ))}
                </View>
                {level ? (
                  <View className="ratings-chips" aria-label="评价原因">
                    {RATING_REASONS[level].map((code) => (
                      <View
                        key={code}
                        role="checkbox"
                        aria-checked={reasons.includes(code)}
                        data-testid={`reason-${code}`}
                        className={`ratings-chip${reasons.includes(code) ? ' ratings-chip--active' : ''}`}
                        onClick={() => toggle(code)}
                      >
                        {RATING_REASON_LABELS[code]}
                      </View>
                    ))}
                  </View>
                ) : null}
                <Textarea
                  className="ratings-textarea"
                  value={comment}
                  maxlength={RATING_COMMENT_MAX}
                  placeholder="说说您的感受（选填，最多 500 字）"
                  aria-label="评价内容"
                  onInput={(e) => setComment(e.detail.value)}
                />
                <Text className="ratings-muted">{`${textLength(comment)} / ${RATING_COMMENT_MAX}`}</Text>
                <View
                  role="checkbox"
                  aria-checked={showComment}
                  data-testid="show-comment"
                  className={`ratings-chip${showComment ? ' ratings-chip--active' : ''}`}
                  onClick={() => setShowComment((v) => !v)}
                >
                  {showComment
                    ? '✓ 允许公开展示我的评价内容（隐去个人信息）'
                    : '允许公开展示我的评价内容（隐去个人信息）'}
                </View>
                {error ? (
                  <Text className="ratings-error" data-testid="rate-error">
                    {error}
                  </Text>
                ) : null}
                <Button
                  type="primary"
                  block
                  loading={busy}
                  disabled={busy}
                  data-testid="submit-rating"
                  onClick={() => void submit()}
                >
                  提交评价
                </Button>
              </View>
            ) : null}
          </>
        ) : null}
      </StatusView>
    </View>
  );
}

const isRateableKind = (kind: string): kind is RateableKind =>
  (RATEABLE_KINDS as readonly string[]).includes(kind);

/**
 * Opened without the service's id (or with a kind nothing is rated by): says so and leads back to 待评价;
 * nothing is asked. Without `kind` the service is a case (the older links).
 */
export default function RatePage() {
  const kind = useRouteParam('kind') ?? 'case';
  const id = useRouteParam('id');
  if (!id || !isRateableKind(kind))
    return <MissingRecord listRoute={PENDING_RATINGS_ROUTE} listLabel="返回待评价" />;
  return <RateService kind={kind} id={id} />;
}
