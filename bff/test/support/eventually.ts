/**
 * Polls `probe` until it answers something other than undefined, and answers that (for work that
 * finishes in the background: a queue worker, a subscribe message reaching the fake WeChat).
 */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`nothing within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
