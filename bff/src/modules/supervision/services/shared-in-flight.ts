/**
 * The same question asked twice at once gets one answer: the 督查 page asks its figure routes all at
 * once, and several of them read the same roll-ups or pipeline (closed cases for the overview, trips
 * and cases; ratings for the overview and ratings). Each method call is keyed by its name and
 * arguments. Calls made in the same turn as a running one share it. A call made later never joins a
 * run that had already started (that run may have missed the caller's own write, and its answer
 * would then be cached under the new version): it waits for one more run, which every later caller
 * shares. Nothing is kept after a run settles (the Redis cache keeps answers). Callers must treat the
 * rows as read-only: they may be shared.
 */
export function sharedInFlight<T extends object>(target: T): T {
  interface Run {
    call: Promise<unknown>;
    /** Still the turn it started in: a caller now asked no earlier than it began. */
    open: boolean;
    next?: Promise<unknown>;
  }
  const running = new Map<string, Run>();
  const wrapped = {} as Record<string, unknown>;
  for (const [name, value] of Object.entries(target)) {
    if (typeof value !== 'function') {
      wrapped[name] = value;
      continue;
    }
    wrapped[name] = (...args: unknown[]) => {
      const key = `${name}:${JSON.stringify(args)}`;
      const start = (): Promise<unknown> => {
        const run: Run = { call: Promise.resolve(), open: true };
        run.call = Promise.resolve((value as (...a: unknown[]) => unknown).apply(target, args)).finally(
          () => {
            if (running.get(key) === run) running.delete(key);
          },
        );
        queueMicrotask(() => (run.open = false));
        running.set(key, run);
        return run.call;
      };
      const run = running.get(key);
      if (!run) return start();
      if (run.open) return run.call;
      run.next ??= run.call.catch(() => undefined).then(start);
      return run.next;
    };
  }
  return wrapped as T;
}
