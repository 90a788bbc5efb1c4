/**
 * Personal data rules shared by the BFF and the mini-program: the same validators check forms and
 * requests, the same masks hide ID numbers, phones and names wherever they are not the owner's own
 * profile page (lists, other people's views, logs).
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

/** GB 11643-1999 check character for the first 17 digits of a resident ID number. */
export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK_CHARS[sum % 11];
}

/** Upper-cases a trailing x and trims: what the user typed, as stored and compared. */
export function normalizeIdNumber(value: string): string {
  return value.trim().toUpperCase();
}

/**
 * Why an 18-character resident ID number is not valid, or undefined when it is: format, a real date
 * of birth (not in the future, not before 1900) and the GB 11643 check character.
 */
export function idNumberProblem(value: string, today: Date = new Date()): string | undefined {
  const id = normalizeIdNumber(value);
  if (!/^\d{17}[\dX]$/.test(id)) return '身份证号应为 18 位（最后一位可为 X）';
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  const isRealDate =
    birth.getUTCFullYear() === year && birth.getUTCMonth() === month - 1 && birth.getUTCDate() === day;
  if (!isRealDate || year < 1900 || birth.getTime() > today.getTime()) return '身份证号中的出生日期无效';
  if (idNumberCheckChar(id.slice(0, 17)) !== id[17]) return '身份证号校验位不正确，请核对';
  return undefined;
}

export function isValidIdNumber(value: string, today?: Date): boolean {
  return idNumberProblem(value, today) === undefined;
}

/** Mainland China mobile numbers: 11 digits starting 13–19. */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

export function isValidMobile(value: string): boolean {
  return MOBILE_PATTERN.test(value.trim());
}

/** `230103199001011234` → `2301**********1234` (keeps 4 + 4, whatever the length). */
export function maskIdNumber(value: string): string {
  const v = value.trim();
  if (v.length <= 8) return '*'.repeat(v.length);
  return `${v.slice(0, 4)}${'*'.repeat(v.length - 8)}${v.slice(-4)}`;
}

/** `13812345678` → `138****5678`. */
export function maskPhone(value: string): string {
  const v = value.trim();
  if (v.length < 7) return '*'.repeat(v.length);
  return `${v.slice(0, 3)}${'*'.repeat(v.length - 7)}${v.slice(-4)}`;
}

/** `张三` → `张*`, `欧阳小明` → `欧**明`, `Li Lei` → `L****i`. */
export function maskName(value: string): string {
  const chars = Array.from(value.trim());
  if (chars.length <= 1) return chars.length === 1 ? '*' : '';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
