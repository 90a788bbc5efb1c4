import { useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { REFORM_TARGET_SHARE, type ReformStats, type Theme } from '@app/shared';
import { getReformStats, listItems, listThemes, publicSatisfactionOf } from '../../services/catalog';
import { useRemote } from '../../hooks/use-remote';
import { ItemRow } from '../../components/item-row';
import { Progress, SearchBar } from '../../components/nut';
import { StatusView } from '../../components/status-view';
import { formatPercent } from '../../utils/format';
import { TAB_ROUTES, consultationAskRoute, faqSearchRoute, searchRoute } from '../../utils/routes';
import './index.scss';

function ReformCard({ stats }: { stats: ReformStats }) {
  const { overall } = stats;
  const target = stats.target || REFORM_TARGET_SHARE;
  const gap = Math.max(0, target - overall.share);
  const satisfaction = publicSatisfactionOf(stats);
  return (
    <View className="reform-card" data-testid="reform-card">
      <View className="reform-card__head">
        <Text className="reform-card__title">“最多跑一次”事项占比</Text>
        <Text className={`reform-card__status${stats.meetsTarget ? ' reform-card__status--ok' : ''}`}>
          {stats.meetsTarget ? '已达标' : `距目标差 ${formatPercent(gap)}`}
        </Text>
      </View>
      <View className="reform-card__figure">
        <Text className="reform-card__percent">{formatPercent(overall.share)}</Text>
        <Text className="reform-card__target">{`目标 ${formatPercent(target)}`}</Text>
      </View>
      <Progress
        percent={Math.min(100, Math.round(overall.share * 100))}
        color="#1f5fbf"
        background="#e3e9f3"
        strokeWidth="8"
        aria-label="最多跑一次事项占比"
      />
      <Text className="reform-card__detail">
        {`共 ${overall.total} 项事项：最多跑一次（≤1 次）${overall.atMostOneTrip} 项，含零跑腿 ${overall.zeroTrip} 项`}
      </Text>
      {satisfaction ? (
        <View className="reform-card__satisfaction" data-testid="reform-satisfaction">
          <Text className="reform-card__satisfaction-label">办事群众满意度</Text>
          <Text className="reform-card__satisfaction-value">{formatPercent(satisfaction.share)}</Text>
          {satisfaction.total !== undefined ? (
            <Text className="reform-card__target">{`共 ${satisfaction.total} 条评价`}</Text>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}

function ThemeTiles({ themes }: { themes: Theme[] }) {
  return (
    <View className="theme-grid">
      {themes.map((t) => (
        <View
          key={t.code}
          className="theme-grid__tile"
          hoverClass="theme-grid__tile--pressed"
          onClick={() => void Taro.navigateTo({ url: searchRoute({ theme: t.code, title: t.name }) })}
        >
          <Text className="theme-grid__name">{t.name}</Text>
          <Text className="theme-grid__meta">{`${t.audience === 'enterprise' ? '法人' : '个人'} · ${t.itemCodes.length} 项`}</Text>
        </View>
      ))}
    </View>
  );
}

export default function HomePage() {
  const [keyword, setKeyword] = useState('');
  const stats = useRemote(getReformStats, []);
  const themes = useRemote(listThemes, []);
  const popular = useRemote(() => listItems({ pageSize: 10 }), []);

  usePullDownRefresh(() => {
    stats.reload();
    themes.reload();
    popular.reload();
    setTimeout(() => void Taro.stopPullDownRefresh(), 600);
  });

  const search = (value?: string) => {
    const q = (value ?? keyword).trim();
    if (!q) {
      void Taro.switchTab({ url: TAB_ROUTES.catalog });
      return;
    }
    void Taro.navigateTo({ url: searchRoute({ q }) });
  };

  return (
    <View className="home">
      <View className="home__banner">
        <Text className="home__title">最多跑一次</Text>
        <Text className="home__subtitle">办事指南一次告知 · 少跑腿 · 快办事</Text>
        <View className="home__search">
          <SearchBar
            value={keyword}
            placeholder="搜索办事事项，如：营业执照"
            maxLength={50}
            onChange={(v) => setKeyword(v)}
            onSearch={(v) => search(v)}
            right={
              <Text className="home__search-btn" onClick={() => search()}>
                搜索
              </Text>
            }
          />
        </View>
      </View>

      <View className="home__section home__ask" data-testid="home-ask">
        <Text className="home__section-title">办事有疑问？</Text>
        <Text className="home__link" onClick={() => void Taro.navigateTo({ url: consultationAskRoute() })}>
          我要咨询 ›
        </Text>
        <Text
          className="home__link"
          data-testid="home-faq"
          onClick={() => void Taro.navigateTo({ url: faqSearchRoute() })}
        >
          常见问题 ›
        </Text>
      </View>

      <View className="home__section">
        <StatusView compact loading={stats.loading} error={stats.error} onRetry={stats.reload}>
          {stats.data ? <ReformCard stats={stats.data} /> : null}
        </StatusView>
      </View>

      <View className="home__section">
        <Text className="home__section-title">按主题办事</Text>
        <StatusView
          compact
          loading={themes.loading}
          error={themes.error}
          empty={!themes.data?.length}
          emptyText="暂无办事主题"
          onRetry={themes.reload}
        >
          <ThemeTiles themes={themes.data ?? []} />
        </StatusView>
      </View>

      <View className="home__section home__section--list">
        <View className="home__section-head">
          <Text className="home__section-title">热门事项</Text>
          <Text className="home__more" onClick={() => void Taro.switchTab({ url: TAB_ROUTES.catalog })}>
            全部事项
          </Text>
        </View>
        <StatusView
          compact
          loading={popular.loading}
          error={popular.error}
          empty={!popular.data?.items.length}
          emptyText="暂无已公布的事项"
          onRetry={popular.reload}
        >
          {(popular.data?.items ?? []).map((item) => (
            <ItemRow key={item.code} item={item} />
          ))}
        </StatusView>
      </View>
    </View>
  );
}
