import { useCallback, useEffect, useRef, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { errorMessage } from '../services/api-client';

export interface RemoteState<T> {
  data: T | undefined;
  loading: boolean;
  /** Chinese message ready to show, or null. */
  error: string | null;
  reload: () => void;
}

export interface RemoteOptions {
  /**
   * Load again, quietly (the old data stays on screen meanwhile), each time the page comes back to
   * the front: pages showing counts (余 N 个号) must not show what they were left with.
   */
  refreshOnShow?: boolean;
}

/** Loads once on mount and whenever `deps` change; `reload` retries (the 重试 button). */
export function useRemote<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
  options: RemoteOptions = {},
): RemoteState<T> {
  const [data, setData] = useState<T>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    let alive = true;
    setLoading(true);
    setError(null);
    loadRef.current().then(
      (value) => {
        if (!alive) return;
        setData(value);
        setLoading(false);
      },
      (err: unknown) => {
        if (!alive) return;
        setError(errorMessage(err));
        setLoading(false);
      },
    );
    return () => {
      alive = false;
    };
  }, [...deps, attempt]); // `deps` are the caller's: the loader itself is read from a ref

  const shown = useRef(false);
  const hasData = useRef(false);
  hasData.current = data !== undefined;
  useDidShow(() => {
    if (!shown.current) {
      shown.current = true; // the first show is the mount's load
      return;
    }
    if (!options.refreshOnShow) return;
    if (!hasData.current) {
      setAttempt((n) => n + 1);
      return;
    }
    loadRef.current().then(
      (value) => setData(value),
      () => undefined, // the counts on screen stay; the next show or 重试 tries again
    );
  });

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { data, loading, error, reload };
}
