import {
  idNumberCheckChar,
  idNumberProblem,
  isValidIdNumber,
  isValidMobile,
  maskIdNumber,
  maskName,
  maskPhone,
  realNameProfileRequestSchema,
} from '..';

const withCheck = (first17: string) => first17 + idNumberCheckChar(first17);

describe('resident ID numbers (GB 11643)', () => {
  it('accepts published valid examples, including an X check character and a lower-case x', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('11010519491231002x')).toBe(true);
    expect(isValidIdNumber(withCheck('23010319900307123'))).toBe(true);
  });
  it('rejects a wrong check character', () => {
    expect(idNumberProblem('110105194912310021')).toMatch(/校验位/);
  });
  it('rejects impossible or future dates of birth', () => {
    expect(idNumberProblem(withCheck('23010319900230123'))).toMatch(/出生日期/);
    expect(idNumberProblem(withCheck('23010318991231123'))).toMatch(/出生日期/);
    expect(idNumberProblem(withCheck('23010320300101123'), new Date('2025-01-01'))).toMatch(/出生日期/);
    expect(isValidIdNumber(withCheck('23010320000229123'))).toBe(true);
    expect(isValidIdNumber(withCheck('23010319000229123'))).toBe(false);
  });
  it('rejects wrong lengths and characters', () => {
    for (const bad of ['', '1234', '11010519491231002XX', '1101051949123100AX']) {
      expect(idNumberProblem(bad)).toMatch(/18 位/);
    }
  });
});

describe('mobile numbers', () => {
  it('accepts mainland mobiles only', () => {
    expect(isValidMobile('13812345678')).toBe(true);
    expect(isValidMobile('19912345678')).toBe(true);
    for (const bad of ['12812345678', '1381234567', '138123456789', '+8613812345678', '010-12345678']) {
      expect(isValidMobile(bad)).toBe(false);
    }
  });
});

describe('masks', () => {
  it('hide the middle of ID numbers, phones and names', () => {
    expect(maskIdNumber('230103199001011234')).toBe('2301**********1234');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳小明')).toBe('欧**明');
    expect(maskName('李')).toBe('*');
    expect(maskIdNumber('1234')).toBe('****');
  });
});

describe('real-name profile form', () => {
  it('normalises and reports every bad field in Chinese', () => {
    const ok = realNameProfileRequestSchema.safeParse({
      name: ' 张三 ',
      idNumber: '11010519491231002x',
      phone: '13812345678',
    });
    expect(ok.success && ok.data).toEqual({
      name: '张三',
      idNumber: '11010519491231002X',
      phone: '13812345678',
    });
    const bad = realNameProfileRequestSchema.safeParse({});
    expect(bad.success).toBe(false);
    const messages = bad.success ? [] : bad.error.issues.map((i) => i.message);
    expect(messages).toEqual(['请输入姓名', '请输入身份证号', '请输入手机号码']);
  });
});
