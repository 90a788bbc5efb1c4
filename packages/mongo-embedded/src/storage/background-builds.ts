/**
 * The B-tree indexes being built in the background after a restart, counted across this process,
 * and who wants to know when the last one is done. A standalone server (cli.ts) collects its garbage
 * then: rebuilding a year of indexes leaves about a gigabyte behind in a 5 GB heap, and the major
 * collection that reclaims it would otherwise start at the first queries after the rebuild (measured:
 * 2.2 s of marking on the engine's thread during the first 督查 page, which took 4.2 s instead of 1.3 s).
 */
let building = 0;
const listeners = new Set<() => void>();

export function backgroundBuildStarted(): void {
  building++;
}

export function backgroundBuildFinished(): void {
  building = Math.max(0, building - 1);
  if (building === 0) for (const listener of listeners) listener();
}

/** Called each time the background builds running in this process are all done. */
export function onBackgroundBuildsDone(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
