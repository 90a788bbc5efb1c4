/**
 * The same question asked twice at once gets one answer: the 督查 page asks its figure routes all at
 * once, and several of them read the same pipeline (closed cases for the overview, trips and cases;
 * ratings for the overview and ratings). Each method call is keyed by its name and arguments; while
 * one is running an equal call waits for it instead of running the pipeline again. Nothing is kept
 * after it settles (the Redis cache keeps answers), so a later call always reads fresh data. Callers
 * must treat the rows as read-only: they may be shared.
 */
export function sharedInFlight<T extends object>(target: T): T {
  const running = new Map<string, Promise<unknown>>();
  const wrapped = {} as Record<string, unknown>;
  for (const [name, value] of Object.entries(target)) {
    if (typeof value !== 'function') {
      wrapped[name] = value;
      continue;
    }
    wrapped[name] = (...args: unknown[]) => {
      const key = `${name}:${JSON.stringify(args)}`;
      const pending = running.get(key);
      if (pending) return pending;
      const call = Promise.resolve((value as (...a: unknown[]) => unknown).apply(target, args)).finally(() =>
        running.delete(key),
      );
      running.set(key, call);
      return call;
    };
  }
  return wrapped as T;
}
