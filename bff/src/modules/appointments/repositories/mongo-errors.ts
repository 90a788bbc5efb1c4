/** The index a duplicate-key error (E11000) is about, or undefined when the error is something else. */
export function duplicateKeyIndex(err: unknown): string | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as { code?: number; message?: string; keyPattern?: Record<string, unknown> };
  if (e.code !== 11000) return undefined;
  const match = /index: (\S+)/.exec(e.message ?? '');
  if (match) return match[1];
  return e.keyPattern ? Object.keys(e.keyPattern).join('_') : 'unknown';
}
