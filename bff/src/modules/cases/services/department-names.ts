import type { NameOf } from './case-views';

/**
 * Department code → name for the case views (the catalogue's ~50 departments). Read from the
 * catalogue at most once a minute per process: names change rarely, and a stale name for a minute
 * is harmless (the code stays the reference everywhere).
 */
export function createDepartmentNames(
  load: () => Promise<Array<{ code: string; name: string }>>,
  ttlMs = 60_000,
) {
  let cached: { at: number; names: Map<string, string> } | undefined;
  let loading: Promise<Map<string, string>> | undefined;
  return {
    async lookup(): Promise<NameOf> {
      if (!cached || Date.now() - cached.at > ttlMs) {
        loading ??= load()
          .then((rows) => new Map(rows.map((r) => [r.code, r.name])))
          .finally(() => {
            loading = undefined;
          });
        const names = await loading;
        cached = { at: Date.now(), names };
      }
      const names = cached.names;
      return (code) => names.get(code) ?? code;
    },
  };
}
export type DepartmentNames = ReturnType<typeof createDepartmentNames>;
