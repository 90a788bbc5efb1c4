import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { RateableKind } from '@app/shared';
import { useRemote } from '../hooks/use-remote';
import { getServiceRating } from '../services/ratings';
import { formatChinaTime } from '../utils/format';
import { rateRoute } from '../utils/routes';
import { Button } from './nut';
import './rating-card.scss';

/**
 * The 好差评 card on a case / ticket page: 去评价 while the window is open (or 整改后评价), the rating
 * given, or why it cannot be rated (服务结束后可评价 / 已过评价期（未评价）).
 */
export function RatingCard({ kind, id }: { kind: RateableKind; id: string }) {
  const state = useRemote(() => getServiceRating(kind, id), [kind, id]);
  useDidShow(() => state.reload());
  const s = state.data;
  if (state.loading && !s) return null;
  if (state.error)
    return (
      <View className="rating-card" data-testid="rating-card">
        <Text className="rating-card__muted">{`评价信息加载失败：${state.error}`}</Text>
        <Text className="rating-card__link" onClick={state.reload}>
          重试
        </Text>
      </View>
    );
  if (!s) return null;
  const latest = s.ratings[s.ratings.length - 1];
  return (
    <View className="rating-card" data-testid="rating-card">
      <Text className="rating-card__title">服务评价</Text>
      {latest ? (
        <Text className="rating-card__level" data-testid="rating-card-level">
          {`${latest.round === 2 ? '整改后评价' : '您的评价'}：${latest.levelLabel}`}
        </Text>
      ) : null}
      {latest?.rectification ? (
        <Text className="rating-card__muted">{`整改进度：${latest.rectification.statusLabel}`}</Text>
      ) : null}
      {s.canRate ? (
        <>
          <Text className="rating-card__muted">
            {s.rateUntil ? `请在 ${formatChinaTime(s.rateUntil, { withDate: true })} 前评价` : ''}
          </Text>
          <Button
            type="primary"
            size="small"
            data-testid="rating-card-rate"
            onClick={() => void Taro.navigateTo({ url: rateRoute(kind, id) })}
          >
            {s.round === 2 ? '整改后再评价' : '去评价'}
          </Button>
        </>
      ) : !latest && s.blockedLabel ? (
        <Text className="rating-card__muted" data-testid="rating-card-blocked">
          {s.blockedLabel}
        </Text>
      ) : latest ? (
        <Text
          className="rating-card__link"
          onClick={() => void Taro.navigateTo({ url: rateRoute(kind, id) })}
        >
          查看评价
        </Text>
      ) : null}
    </View>
  );
}
