import { useCallback, useEffect, useRef, useState } from 'react';
import { useReachBottom } from '@tarojs/taro';
import { Input, ScrollView, Text, View } from '@tarojs/components';
import type { Department, ServiceItemSummary, Theme } from '@app/shared';
import { errorMessage } from '../services/api-client';
import { listDepartments, listItems, listThemes, type ItemFilters } from '../services/catalog';
import { useRemote } from '../hooks/use-remote';
import { ItemRow } from './item-row';
import { SearchBar } from './nut';
import { StatusView } from './status-view';
import './catalog-browser.scss';

export const PAGE_SIZE = 20;

type Filters = Omit<ItemFilters, 'page' | 'pageSize'>;

interface ListState {
  items: ServiceItemSummary[];
  /** “您是不是要找”: a spelling that finds more; `showingSuggestion` when the list shows its results. */
  didYouMean?: string;
  showingSuggestion?: boolean;
  total: number;
  page: number;
  loading: boolean;
  error: string | null;
  loadingMore: boolean;
  moreError: string | null;
}

const INITIAL: ListState = {
  items: [],
  total: 0,
  page: 0,
  loading: true,
  error: null,
  loadingMore: false,
  moreError: null,
};

/** Departments whose name, pinyin or initials contain what was typed (公安, gongan, ga). */
export function matchDepartments(departments: Department[], query: string): Department[] {
  const q = query.trim().toLowerCase();
  if (!q) return departments;
  const latin = q.replace(/\s+/g, '');
  return departments.filter(
    (d) =>
      d.name.includes(q) ||
      (d.pinyin ?? '').replace(/\s+/g, '').includes(latin) ||
      (d.initials ?? '').includes(latin),
  );
}

interface ChipProps {
  label: string;
  active: boolean;
  onTap: () => void;
}

function Chip({ label, active, onTap }: ChipProps) {
  return (
    <View className={`chip${active ? ' chip--active' : ''}`} onClick={onTap} aria-pressed={active}>
      <Text>{label}</Text>
    </View>
  );
}

interface ChipRowProps<T extends { code: string; name: string }> {
  allLabel: string;
  options: T[];
  value: string | undefined;
  onChange: (code: string | undefined) => void;
}

function ChipRow<T extends { code: string; name: string }>({
  allLabel,
  options,
  value,
  onChange,
}: ChipRowProps<T>) {
  return (
    <ScrollView className="chip-row" scrollX enhanced showScrollbar={false}>
      <View className="chip-row__inner">
        <Chip label={allLabel} active={!value} onTap={() => onChange(undefined)} />
        {options.map((o) => (
          <Chip key={o.code} label={o.name} active={value === o.code} onTap={() => onChange(o.code)} />
        ))}
      </View>
    </ScrollView>
  );
}

export interface CatalogBrowserProps {
  initialFilters?: Filters;
  /** Show the department / theme rows (the search results page hides them when a theme is fixed). */
  showCategories?: boolean;
  /** The search whose results are shown changed (submitted, cleared or a suggestion tapped). */
  onQueryChange?: (q: string | undefined) => void;
}

/** Search, browse by department and theme, filter by trips and online, and page through the items. */
export function CatalogBrowser({
  initialFilters = {},
  showCategories = true,
  onQueryChange,
}: CatalogBrowserProps) {
  const [filters, setFilters] = useState<Filters>(initialFilters);
  const [keyword, setKeyword] = useState(initialFilters.q ?? '');
  const [list, setList] = useState<ListState>(INITIAL);
  const requestSeq = useRef(0);

  const [deptQuery, setDeptQuery] = useState('');
  const categories = useRemote<{ departments: Department[]; themes: Theme[] }>(async () => {
    const [departments, themes] = await Promise.all([listDepartments(), listThemes()]);
    return { departments, themes };
  }, []);

  const loadFirstPage = useCallback(async (f: Filters) => {
    const seq = ++requestSeq.current;
    setList({ ...INITIAL, loading: true });
    try {
      const res = await listItems({ ...f, page: 1, pageSize: PAGE_SIZE });
      if (seq !== requestSeq.current) return;
      setList({
        ...INITIAL,
        loading: false,
        items: res.items,
        total: res.total,
        page: res.page,
        didYouMean: res.didYouMean,
        showingSuggestion: res.showingSuggestion,
      });
    } catch (err) {
      if (seq !== requestSeq.current) return;
      setList({ ...INITIAL, loading: false, error: errorMessage(err) });
    }
  }, []);

  useEffect(() => {
    void loadFirstPage(filters);
  }, [filters, loadFirstPage]);

  const hasMore = list.items.length < list.total;

  const loadMore = useCallback(async () => {
    if (list.loading || list.loadingMore || list.error || !hasMore) return;
    const seq = requestSeq.current;
    setList((s) => ({ ...s, loadingMore: true, moreError: null }));
    try {
      const res = await listItems({ ...filters, page: list.page + 1, pageSize: PAGE_SIZE });
      if (seq !== requestSeq.current) return;
      setList((s) => ({
        ...s,
        loadingMore: false,
        items: [...s.items, ...res.items.filter((i) => !s.items.some((x) => x.code === i.code))],
        total: res.total,
        page: res.page,
      }));
    } catch (err) {
      if (seq !== requestSeq.current) return;
      setList((s) => ({ ...s, loadingMore: false, moreError: errorMessage(err) }));
    }
  }, [filters, hasMore, list]);

  // Infinite scroll on both targets (the page scrolls); the footer stays tappable as a fallback.
  useReachBottom(() => {
    void loadMore();
  });

  const update = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  const search = (q: string | undefined) => {
    update({ q });
    onQueryChange?.(q);
  };
  const submitSearch = (value?: string) => search((value ?? keyword).trim() || undefined);
  const searchSuggestion = (meant: string) => {
    setKeyword(meant);
    search(meant);
  };
  const toggleTrips = (max: number) => update({ maxTrips: filters.maxTrips === max ? undefined : max });

  return (
    <View className="catalog-browser">
      <View className="catalog-browser__search">
        <SearchBar
          value={keyword}
          placeholder="搜索事项名称，如：营业执照"
          maxLength={50}
          onChange={(v) => setKeyword(v)}
          onSearch={(v) => submitSearch(v)}
          onClear={() => {
            setKeyword('');
            search(undefined);
          }}
          right={
            <Text className="catalog-browser__search-btn" onClick={() => submitSearch()}>
              搜索
            </Text>
          }
        />
      </View>

      {showCategories ? (
        <View className="catalog-browser__categories">
          {categories.error ? (
            <View className="catalog-browser__cat-error" role="alert">
              <Text>{`分类加载失败：${categories.error}`}</Text>
              <Text className="link" onClick={categories.reload}>
                重试
              </Text>
            </View>
          ) : categories.data ? (
            <>
              <Input
                className="catalog-browser__dept-filter"
                value={deptQuery}
                placeholder="找部门：名称或拼音，如 公安 / ga"
                aria-label="找部门"
                onInput={(e) => setDeptQuery(e.detail.value)}
              />
              <ChipRow
                allLabel="全部部门"
                options={matchDepartments(categories.data.departments, deptQuery)}
                value={filters.department}
                onChange={(department) => update({ department })}
              />
              <ChipRow
                allLabel="全部主题"
                options={categories.data.themes}
                value={filters.theme}
                onChange={(theme) => update({ theme })}
              />
            </>
          ) : null}
        </View>
      ) : null}

      <View className="catalog-browser__filters">
        <Chip label="零跑腿" active={filters.maxTrips === 0} onTap={() => toggleTrips(0)} />
        <Chip label="最多跑一次" active={filters.maxTrips === 1} onTap={() => toggleTrips(1)} />
        <Chip
          label="可网办"
          active={!!filters.online}
          onTap={() => update({ online: filters.online ? undefined : true })}
        />
      </View>

      <StatusView
        loading={list.loading}
        error={list.error}
        empty={list.items.length === 0}
        emptyText={filters.q ? `没有找到与“${filters.q}”相关的事项，换个关键词试试` : '没有符合条件的事项'}
        onRetry={() => void loadFirstPage(filters)}
      >
        {list.didYouMean ? (
          <View className="catalog-browser__suggest" role="note">
            {list.showingSuggestion ? (
              <Text className="catalog-browser__suggest-note">{`没有找到“${filters.q ?? ''}”，以下为近似结果`}</Text>
            ) : null}
            <Text>您是不是要找</Text>
            <Text
              className="catalog-browser__suggest-link link"
              onClick={() => searchSuggestion(list.didYouMean!)}
            >
              {list.didYouMean}
            </Text>
          </View>
        ) : null}
        <View className="catalog-browser__total">
          <Text>{`共 ${list.total} 项`}</Text>
        </View>
        <View className="catalog-browser__list">
          {list.items.map((item) => (
            <ItemRow key={item.code} item={item} />
          ))}
        </View>
        <View className="catalog-browser__footer">
          {list.loadingMore ? (
            <Text>加载中…</Text>
          ) : list.moreError ? (
            <Text className="link" onClick={() => void loadMore()}>
              {`${list.moreError}，点击重试`}
            </Text>
          ) : hasMore ? (
            <Text className="link" onClick={() => void loadMore()}>
              加载更多
            </Text>
          ) : (
            <Text>没有更多了</Text>
          )}
        </View>
      </StatusView>
    </View>
  );
}
