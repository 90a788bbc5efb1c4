/**
 * Checks the `data` of a subscribe message the way WeChat does: every key is `<type><n>` (e.g. `thing1`,
 * `character_string2`) mapping to `{ value: string }`, and each type limits what its value may hold.
 * Returns the detail text for a 47003 "argument invalid!" answer, or undefined when the data is acceptable.
 */

type Rule = (value: string) => string | undefined;

const HAN = /^\p{Script=Han}+$/u;
const maxLen =
  (n: number): Rule =>
  (v) =>
    [...v].length > n ? `exceeds the max length ${n}` : undefined;

const RULES: Record<string, Rule> = {
  thing: maxLen(20),
  number: (v) =>
    /^-?\d+(\.\d+)?$/.test(v) && v.replace(/[-.]/g, '').length <= 32 ? undefined : 'is not a number',
  letter: (v) => (/^[A-Za-z]{1,32}$/.test(v) ? undefined : 'must be at most 32 letters'),
  symbol: maxLen(5),
  character_string: (v) =>
    [...v].length > 32
      ? 'exceeds the max length 32'
      : /\p{Script=Han}/u.test(v)
        ? 'must not contain Chinese'
        : undefined,
  phone_number: (v) => ([...v].length <= 17 && /^[\d+\-() ]+$/.test(v) ? undefined : 'is not a phone number'),
  car_number: maxLen(8),
  name: (v) => {
    const chars = [...v];
    if (/\p{Script=Han}/u.test(v)) return chars.length > 10 ? 'exceeds the max length 10' : undefined;
    return chars.length > 20 ? 'exceeds the max length 20' : undefined;
  },
  phrase: (v) => (HAN.test(v) && [...v].length <= 5 ? undefined : 'must be at most 5 Chinese characters'),
  amount: (v) => ([...v].length <= 15 ? undefined : 'is not an amount'),
  time: maxLen(64),
  date: maxLen(64),
};

export function checkSubscribeData(data: unknown, requiredKeys?: readonly string[]): string | undefined {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return 'data is not an object';
  const entries = Object.entries(data as Record<string, unknown>);
  if (entries.length === 0) return 'data is empty';
  for (const [key, field] of entries) {
    if (field === null || typeof field !== 'object' || !('value' in field)) return `data.${key} has no value`;
    const raw = (field as { value: unknown }).value;
    if (typeof raw !== 'string' && typeof raw !== 'number') return `data.${key}.value is not a string`;
    const value = String(raw);
    if (value.trim() === '') return `data.${key}.value is empty`;
    const type = /^([a-z_]+?)\d+$/.exec(key)?.[1];
    const problem = type && RULES[type] ? RULES[type](value) : undefined;
    if (problem) return `data.${key}.value ${problem}`;
  }
  for (const key of requiredKeys ?? []) {
    if (!(key in (data as Record<string, unknown>))) return `data.${key} is missing`;
  }
  return undefined;
}
