import { codeSchema, freeFormRecord, humanText, optionalHumanText, textLength } from './text';

const name = humanText({ label: '姓名', max: 5 });
const question = humanText({ label: '问题', min: 10, max: 1000, multiline: true });

function messages(result: { success: boolean; error?: { issues: { message: string }[] } }): string[] {
  return result.success ? [] : result.error!.issues.map((i) => i.message);
}

describe('humanText', () => {
  it('keeps ordinary Chinese text, punctuation and emoji, trimmed', () => {
    expect(name.parse('  张三丰 ')).toBe('张三丰');
    expect(humanText({ label: '备注', max: 50 }).parse('材料齐全，请于周一（上午）领取！👍')).toBe(
      '材料齐全，请于周一（上午）领取！👍',
    );
    expect(humanText({ label: '备注', max: 5 }).parse('👨‍👩‍👧')).toBe('👨‍👩‍👧');
  });

  it('refuses NUL, escape, DEL, C1 and bidi controls with a Chinese message', () => {
    for (const bad of [
      '张\u0000三',
      '张\u001b三',
      '张\u007f三',
      '张\u0085三',
      'abc\u202Eexe',
      '张\u2066三',
      '\u200f张',
    ]) {
      const result = name.safeParse(bad);
      expect(result.success).toBe(false);
      expect(messages(result).join()).toMatch(/姓名包含/);
    }
  });

  it('allows line breaks only in multi-line fields, and normalises CRLF', () => {
    expect(name.safeParse('张\n三').success).toBe(false);
    expect(question.parse('第一行内容比较长\r\n第二行内容')).toBe('第一行内容比较长\n第二行内容');
  });

  it('refuses lone surrogates', () => {
    expect(name.safeParse('张\ud800三').success).toBe(false);
  });

  it('counts characters as people do and names the limits', () => {
    expect(textLength('😀😀')).toBe(2);
    expect(name.safeParse('😀😀😀😀😀').success).toBe(true);
    expect(messages(name.safeParse('一二三四五六'))).toEqual(['姓名最多 5 个字']);
    expect(messages(name.safeParse('   '))).toEqual(['请填写姓名']);
    expect(messages(question.safeParse('太短了'))).toEqual(['问题至少 10 个字']);
    expect(messages(name.safeParse(42))).toEqual(['姓名应为文字']);
  });

  it('optional text: absent and blank mean not given', () => {
    const note = optionalHumanText({ label: '备注', max: 10 });
    expect(note.parse(undefined)).toBeUndefined();
    expect(note.parse('  ')).toBeUndefined();
    expect(note.parse(' 好 ')).toBe('好');
    expect(note.safeParse('a\u202Eb').success).toBe(false);
  });
});

describe('codeSchema', () => {
  it('accepts codes and refuses free text', () => {
    const hall = codeSchema('大厅编码');
    expect(hall.parse('HALL-01')).toBe('HALL-01');
    expect(hall.safeParse('市政务服务中心').success).toBe(false);
    expect(hall.safeParse('a b').success).toBe(false);
    expect(hall.safeParse('').success).toBe(false);
  });
});

describe('freeFormRecord', () => {
  const fields = freeFormRecord({ label: '表单', maxKeys: 3, keyMax: 10, valueMax: 20 });

  it('keeps ordinary fields', () => {
    expect(fields.parse({ 联系电话: '13800000000', 备注: '第一行\n第二行' })).toEqual({
      联系电话: '13800000000',
      备注: '第一行\n第二行',
    });
  });

  it('refuses operator, dotted and prototype keys, non-strings and controls', () => {
    expect(fields.safeParse({ $where: 'sleep(1000)' }).success).toBe(false);
    expect(fields.safeParse({ 'a.b': 'x' }).success).toBe(false);
    expect(fields.safeParse(JSON.parse('{"__proto__": "x"}')).success).toBe(false);
    expect(fields.safeParse({ a: { $gt: '' } }).success).toBe(false);
    expect(fields.safeParse({ a: 'x\u0000' }).success).toBe(false);
    expect(fields.safeParse({ a: '1', b: '2', c: '3', d: '4' }).success).toBe(false);
  });
});
