import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { errorMessage } from '../services/api-client';

export interface Page<T> {
  items: T[];
  total: number;
}

/**
 * A paged list under a filter (a tab): first page on show and on pull-down, the next one at the
 * bottom. Only the newest request may change the list, so a slow answer for an old tab is dropped.
 * `fetchPage` returns undefined when it navigated away instead (e.g. not signed in).
 */
export function usePagedList<T, F>(
  filter: F,
  fetchPage: (filter: F, page: number) => Promise<Page<T> | undefined>,
) {
  const [items, setItems] = useState<T[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [loading, setLoading] = useState(true);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const load = useCallback(async (f: F, nextPage = 1) => {
    const id = ++seq.current;
    if (nextPage === 1) {
      setLoading(true);
      setError(null);
    } else setMore(true);
    try {
      const res = await fetchRef.current(f, nextPage);
      if (!res || id !== seq.current) return;
      setItems((prev) => (nextPage === 1 ? res.items : [...prev, ...res.items]));
      setTotal(res.total);
      setPage(nextPage);
    } catch (err) {
      if (id !== seq.current) return;
      if (nextPage === 1) setError(errorMessage(err));
      else void Taro.showToast({ title: errorMessage(err), icon: 'none' });
    } finally {
      if (id === seq.current) {
        setLoading(false);
        setMore(false);
      }
      void Taro.stopPullDownRefresh();
    }
  }, []);

  useDidShow(() => void load(filter));
  usePullDownRefresh(() => void load(filter));
  useReachBottom(() => {
    if (!loading && !more && items.length < total) void load(filter, page + 1);
  });

  /** Switches to another filter: the old rows go at once, the new first page loads. */
  const reset = (f: F) => {
    setItems([]);
    void load(f);
  };

  return { items, total, loading, more, error, load, reset };
}
