import { ERROR_CODES, errorEnvelopeSchema, isErrorCode } from '..';

describe('error codes', () => {
  it('every code is UPPER_SNAKE, has an HTTP error status and a Chinese message', () => {
    for (const [code, { status, message }] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
      expect(message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it('recognises known codes only', () => {
    expect(isErrorCode('NOT_FOUND')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode(42)).toBe(false);
  });

  it('the envelope schema accepts field details and rejects a bare string', () => {
    const ok = errorEnvelopeSchema.safeParse({
      error: {
        code: 'VALIDATION_FAILED',
        message: '提交的信息有误',
        details: { fields: [{ path: 'q', message: '太长' }] },
      },
    });
    expect(ok.success).toBe(true);
    expect(errorEnvelopeSchema.safeParse({ error: 'boom' }).success).toBe(false);
  });
});
