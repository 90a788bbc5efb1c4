import { createHash, randomBytes } from 'node:crypto';

/** 27 URL-safe characters after a leading `o`: the 28-character shape of real openids and unionids. */
function idFrom(bytes: Buffer): string {
  return `o${bytes.toString('base64url').slice(0, 27)}`;
}

export function randomOpenId(): string {
  return idFrom(randomBytes(24));
}

/** The same user key always maps to the same openid for a given appid, across restarts. */
export function openIdForUserKey(appId: string, userKey: string): string {
  return idFrom(createHash('sha256').update(`openid:${appId}:${userKey}`).digest());
}

/** unionids are shared across an open-platform account's apps, so they do not depend on the appid. */
export function unionIdForUserKey(userKey: string): string {
  return idFrom(createHash('sha256').update(`unionid:${userKey}`).digest());
}

/** wx.login codes are 32 characters of letters and digits. */
export function randomLoginCode(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(32);
  let code = '';
  for (const b of bytes) code += alphabet[b % alphabet.length];
  return code;
}

/** session_key is 16 random bytes, base64-encoded (24 characters). */
export function randomSessionKey(): string {
  return randomBytes(16).toString('base64');
}

/** access tokens are long opaque URL-safe strings. */
export function randomAccessToken(): string {
  return `${randomBytes(2).readUInt16BE(0) % 100}_${randomBytes(96).toString('base64url')}`;
}
