import type { z } from 'zod';
import { ApiError, errorMessage } from '../services/api-client';

/** Inline messages by field name. */
export type FieldErrors<K extends string = string> = Partial<Record<K, string>>;

/** The first message of each field of a zod error (the same shared schema the BFF validates with). */
export function zodFieldErrors<K extends string>(error: z.ZodError): FieldErrors<K> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : '';
    if (!(key in out)) out[key] = issue.message;
  }
  return out as FieldErrors<K>;
}

export type Validation<T, K extends string> = { ok: true; data: T } | { ok: false; errors: FieldErrors<K> };

export function validateForm<S extends z.ZodType, K extends string>(
  schema: S,
  values: Record<K, string>,
): Validation<z.output<S>, K> {
  const parsed = schema.safeParse(values);
  return parsed.success
    ? { ok: true, data: parsed.data }
    : { ok: false, errors: zodFieldErrors<K>(parsed.error) };
}

/** One field alone (on blur): its message, or undefined. */
export function fieldError(schema: z.ZodType, value: string): string | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? undefined : parsed.error.issues[0]?.message;
}

/**
 * A failed submit as the form shows it: the envelope's field issues (`body.idNumber` → `idNumber`) go
 * under their inputs; the rest is one message above the button.
 */
export function submitErrors<K extends string>(
  err: unknown,
  known: readonly K[],
): { fields: FieldErrors<K>; message?: string } {
  const fields: Record<string, string> = {};
  const unplaced: string[] = [];
  if (err instanceof ApiError && err.fields?.length) {
    for (const issue of err.fields) {
      const key = issue.path.replace(/^(body|query|params)\./, '').split('.')[0];
      if ((known as readonly string[]).includes(key)) {
        if (!(key in fields)) fields[key] = issue.message;
      } else {
        unplaced.push(issue.message);
      }
    }
    const message = unplaced.length ? unplaced.join('；') : err.message;
    return { fields: fields as FieldErrors<K>, message };
  }
  return { fields: {}, message: errorMessage(err) };
}
