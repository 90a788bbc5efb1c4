/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from 0-9 and the capital letters except I, O, S, V, Z;
 * the last one is a check character over the first 17 (weights 3^i mod 31).
 */
export const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += CREDIT_CODE_CHARS.indexOf(first17[i]) * WEIGHTS[i];
  return CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31];
}

export function normalizeCreditCode(value: string): string {
  return value.trim().toUpperCase();
}

/** Why a credit code is not valid, or undefined when it is. */
export function creditCodeProblem(value: string): string | undefined {
  const code = normalizeCreditCode(value);
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) {
    return '统一社会信用代码应为 18 位数字或大写字母（不含 I、O、S、V、Z）';
  }
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) return '统一社会信用代码校验位不正确，请核对';
  return undefined;
}

export function isValidCreditCode(value: string): boolean {
  return creditCodeProblem(value) === undefined;
}

/** For lists others may see (the public progress query, staff queues): `9133****1234XY` style. */
export function maskCreditCode(code: string): string {
  if (code.length < 10) return code;
  return `${code.slice(0, 4)}${'*'.repeat(code.length - 10)}${code.slice(-6)}`;
}
