import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Personal data at rest: AES-256-GCM for values shown back to their owner, and an HMAC-SHA256
 * keyed hash for look-ups (find a person by ID number without storing it in clear). Both keys are
 * derived from PII_SECRET (TOKEN_SECRET when unset): changing it makes stored values unreadable.
 */
export function createPiiVault(secret: string) {
  const encKey = Buffer.from(hkdfSync('sha256', secret, 'zuiduo-pii', 'aes-256-gcm', 32));
  const hashKey = Buffer.from(hkdfSync('sha256', secret, 'zuiduo-pii', 'hmac-sha256', 32));
  return {
    encrypt(plain: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [
        'v1',
        iv.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
        data.toString('base64url'),
      ].join('.');
    },
    decrypt(sealed: string): string {
      const [version, iv, tag, data] = sealed.split('.');
      if (version !== 'v1') throw new Error('unknown PII format');
      const decipher = createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
    hash(plain: string): string {
      return createHmac('sha256', hashKey).update(plain).digest('hex');
    },
  };
}
export type PiiVault = ReturnType<typeof createPiiVault>;
