/** A duplicate-key error (E11000) from the driver: the unique index answered. */
export function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number } | null)?.code === 11000;
}
