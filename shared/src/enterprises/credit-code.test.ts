import { bindEnterpriseRequestSchema, creditCodeCheckChar, creditCodeProblem, isValidCreditCode } from '..';

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it('accepts published valid codes, in either case', () => {
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(isValidCreditCode('91110000600037341L')).toBe(true);
    expect(isValidCreditCode('91350100m000100y43')).toBe(true);
  });
  it('a check value of 0 is the character 0', () => {
    // Find a body whose check value is 31 mod 31 = 0.
    for (let n = 0; n < 1000; n += 1) {
      const body = `9133010000000${String(n).padStart(4, '0')}`;
      if (creditCodeCheckChar(body) === '0') {
        expect(isValidCreditCode(`${body}0`)).toBe(true);
        return;
      }
    }
    throw new Error('no body with check 0 found');
  });
  it('rejects a wrong check character', () => {
    expect(creditCodeProblem('91350100M000100Y44')).toMatch(/校验位/);
  });
  it('rejects I, O, S, V, Z and wrong lengths', () => {
    for (const bad of ['91350100M00010OY43', '91350100I000100Y43', '9135', '91350100M000100Y433', '']) {
      expect(creditCodeProblem(bad)).toMatch(/18 位/);
    }
  });
  it('the bind form normalises to upper case', () => {
    const parsed = bindEnterpriseRequestSchema.parse({
      creditCode: ' 91350100m000100y43 ',
      name: '某某公司',
    });
    expect(parsed.creditCode).toBe('91350100M000100Y43');
  });
});
