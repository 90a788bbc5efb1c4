import { z } from 'zod';

/**
 * Human text in requests (names, reasons, notes, questions): one rule for every field, so that
 * nothing a person cannot see ends up stored and shown to someone else.
 *
 * Refused: C0 control characters (NUL, ESC …; line breaks and tabs only where a field is multi-line),
 * DEL and C1 controls, the Unicode bidi controls (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F,
 * U+061C: a right-to-left override can make "txt.exe" read "exe.txt"), and lone surrogates (text
 * that is not valid Unicode). Kept: every ordinary character, Chinese punctuation, emoji (including
 * the zero-width joiner inside emoji sequences).
 *
 * Lengths count characters as a person does (code points: one Chinese character or one emoji is 1).
 */

// eslint-disable-next-line no-control-regex
const CONTROL_SINGLE_LINE = /[\u0000-\u001f\u007f-\u009f]/u;
// eslint-disable-next-line no-control-regex
const CONTROL_MULTI_LINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Number of characters as people count them (code points). */
export function textLength(value: string): number {
  let n = 0;

  for (const _ of value) n++;
  return n;
}

/** Why `value` is not acceptable human text, or undefined when it is. */
export function humanTextProblem(value: string, multiline = false): string | undefined {
  if (LONE_SURROGATE.test(value)) return '包含无效字符';
  if ((multiline ? CONTROL_MULTI_LINE : CONTROL_SINGLE_LINE).test(value)) return '包含不可见的控制字符';
  if (BIDI_CONTROLS.test(value)) return '包含改变文字方向的控制字符';
  return undefined;
}

export interface HumanTextOptions {
  /** What the field is called in messages, e.g. 姓名, 原因. */
  label: string;
  /** Fewest characters after trimming (default 1: required and not blank). */
  min?: number;
  max: number;
  /** Line breaks (and tabs) allowed: questions, descriptions, replies. */
  multiline?: boolean;
  /** What to say when the field is missing or blank (default 请填写<label>). */
  requiredMessage?: string;
}

/** A trimmed string of human text with the rules above; Windows line breaks become `\n`. */
export function humanText(options: HumanTextOptions) {
  const { label, min = 1, max, multiline = false } = options;
  const required = options.requiredMessage ?? `请填写${label}`;
  return z
    .string({ error: (issue) => (issue.input === undefined ? required : `${label}应为文字`) })
    .transform((value) => (multiline ? value.replace(/\r\n?/g, '\n') : value).trim())
    .superRefine((value, ctx) => {
      const problem = humanTextProblem(value, multiline);
      if (problem) ctx.addIssue({ code: 'custom', message: `${label}${problem}` });
      const length = textLength(value);
      if (length < min)
        ctx.addIssue({
          code: 'custom',
          message: min <= 1 || length === 0 ? required : `${label}至少 ${min} 个字`,
        });
      if (length > max) ctx.addIssue({ code: 'custom', message: `${label}最多 ${max} 个字` });
    });
}

/** The same rules for an optional field: absent or blank both mean "not given". */
export function optionalHumanText(options: Omit<HumanTextOptions, 'min' | 'requiredMessage'>) {
  // `.optional()` outermost (not a union with undefined) so that an object may leave the key out.
  return humanText({ ...options, min: 0 })
    .transform((value) => (value === '' ? undefined : value))
    .optional();
}

const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

/** A code (department, hall, window, item): letters, digits, `-` and `_`, 1–40 characters. */
export function codeSchema(label: string) {
  return z
    .string({ error: `${label}应为文字` })
    .trim()
    .regex(CODE_PATTERN, `${label}只能包含字母、数字、短横线和下划线，长度 1–40`);
}

/** Why `key` may not be a key of a stored free-form object, or undefined when it may. */
export function freeFormKeyProblem(key: string): string | undefined {
  if (key.startsWith('$')) return '不能以 $ 开头';
  if (key.includes('.')) return '不能包含 .';
  if (key === '__proto__' || key === 'constructor' || key === 'prototype') return '是保留字';
  return humanTextProblem(key);
}

/**
 * A free-form object a person fills in (form fields): string keys and values of human text. Keys that
 * MongoDB would read as operators or paths (`$where`, `a.b`) and prototype keys are refused here, at
 * validation, before anything is stored.
 */
export function freeFormRecord(options: {
  label: string;
  maxKeys: number;
  keyMax: number;
  valueMax: number;
}) {
  const { label, maxKeys, keyMax, valueMax } = options;
  // Checked on the object as it came (zod's record would silently drop a `__proto__` key).
  return (
    z
      .custom<Record<string, unknown>>(
        (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
        { message: `${label}应为对象` },
      )
      // What the API document says of it (zod-to-openapi reads `type` from the metadata).
      .meta({ type: 'object', additionalProperties: { type: 'string' }, description: label })
      .superRefine((record, ctx) => {
        const keys = Object.keys(record);
        if (keys.length > maxKeys) ctx.addIssue({ code: 'custom', message: `${label}最多 ${maxKeys} 项` });
        for (const key of keys) {
          const keyProblem = freeFormKeyProblem(key);
          if (keyProblem)
            ctx.addIssue({ code: 'custom', path: [key], message: `${label}的字段名${keyProblem}` });
          else if (textLength(key) > keyMax)
            ctx.addIssue({ code: 'custom', path: [key], message: `${label}的字段名最多 ${keyMax} 个字` });
          const value = record[key];
          if (typeof value !== 'string') {
            ctx.addIssue({ code: 'custom', path: [key], message: `${label}的内容应为文字` });
            continue;
          }
          const valueProblem = humanTextProblem(value, true);
          if (valueProblem) ctx.addIssue({ code: 'custom', path: [key], message: `${key}${valueProblem}` });
          else if (textLength(value) > valueMax)
            ctx.addIssue({ code: 'custom', path: [key], message: `${key}最多 ${valueMax} 个字` });
        }
      })
      .transform(
        (record) =>
          Object.fromEntries(
            Object.entries(record).map(([key, value]) => [key, String(value).replace(/\r\n?/g, '\n')]),
          ) as Record<string, string>,
      )
  );
}
