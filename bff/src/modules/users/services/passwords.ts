import { hash, verify } from '@node-rs/argon2';

/** Argon2id with the library's defaults (19 MiB, 2 passes). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** A valid hash of a random password, so an unknown username costs as much time as a wrong password. */
let decoy: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    await verify(await (decoy ??= hash(`decoy-${Math.random()}`)), password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
