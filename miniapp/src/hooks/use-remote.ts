import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../services/api-client';

export interface RemoteState<T> {
  data: T | undefined;
  loading: boolean;
  /** Chinese message ready to show, or null. */
  error: string | null;
  reload: () => void;
}

/** Loads once on mount and whenever `deps` change; `reload` retries (the 重试 button). */
export function useRemote<T>(load: () => Promise<T>, deps: readonly unknown[]): RemoteState<T> {
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

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { data, loading, error, reload };
}
