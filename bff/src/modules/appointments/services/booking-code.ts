import { randomInt } from 'node:crypto';
import { BOOKING_CODE_ALPHABET, BOOKING_CODE_LENGTH, bookingCodeSchema } from '@app/shared';

/** 8 characters from a 31-letter alphabet without 0/O/1/I/L: ~40 bits from the crypto RNG, unbiased. */
export function newBookingCode(): string {
  let code = '';
  for (let i = 0; i < BOOKING_CODE_LENGTH; i++)
    code += BOOKING_CODE_ALPHABET[randomInt(BOOKING_CODE_ALPHABET.length)];
  return code;
}

const QR_PREFIX = 'ZDPAPPT1:';

/**
 * What the mini-program puts in the check-in QR code. It carries the code only (no name, no ID
 * number): whoever holds the code holds the booking, as with a paper ticket.
 */
export function qrPayloadOf(code: string): string {
  return `${QR_PREFIX}${code}`;
}

/** The booking code from what staff typed or scanned, or undefined when it is neither. */
export function codeFromInput(input: string): string | undefined {
  const raw = input.trim();
  const candidate = raw.toUpperCase().startsWith(QR_PREFIX) ? raw.slice(QR_PREFIX.length) : raw;
  const parsed = bookingCodeSchema.safeParse(candidate);
  return parsed.success ? parsed.data : undefined;
}
