import { BOOKING_CODE_ALPHABET } from '@app/shared';
import { codeFromInput, newBookingCode, qrPayloadOf } from './booking-code';

describe('booking codes and the QR payload', () => {
  it('8 characters from the non-ambiguous alphabet, all characters used, no repeats in 20,000', () => {
    const codes = Array.from({ length: 20_000 }, newBookingCode);
    expect(codes.every((c) => /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$/.test(c))).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(codes.join('')).size).toBe(BOOKING_CODE_ALPHABET.length);
    expect(BOOKING_CODE_ALPHABET).not.toMatch(/[01ILO]/);
  });

  it('the QR payload carries the code only, and staff input is read either way', () => {
    expect(qrPayloadOf('ABCD2345')).toBe('ZDPAPPT1:ABCD2345');
    expect(codeFromInput('ZDPAPPT1:ABCD2345')).toBe('ABCD2345');
    expect(codeFromInput(' abcd 2345 ')).toBe('ABCD2345');
    expect(codeFromInput('ZDPAPPT1:ABCD0000')).toBeUndefined();
    expect(codeFromInput('hello')).toBeUndefined();
  });
});
