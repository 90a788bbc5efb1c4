import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ROLES, STAFF_DUTIES, type Role, type StaffDuty } from '@app/shared';
import type { Principal } from '../access/principal';

/** Claims of an access token. Short names keep the token small; `ver` is the user's session version. */
interface AccessClaims {
  sub: string;
  sid: string;
  ver: number;
  role: Role;
  dep?: string;
  halls?: string[];
  dut?: StaffDuty[];
  ent?: string[];
}

export type VerifyResult =
  { ok: true; principal: Principal; version: number } | { ok: false; reason: 'expired' | 'invalid' };

const ISSUER = 'zuiduo-bff';
const AUDIENCE = 'zuiduo-api';

/** How many verified tokens each process remembers (a signed-in person sends the same one for 15 minutes). */
const VERIFIED_LIMIT = 10_000;

/** HS256 access tokens signed with TOKEN_SECRET; the algorithm is pinned on verify. */
export function createAccessTokens(options: { secret: string; ttlSeconds: number }) {
  // A KeyObject made once: given a string, jsonwebtoken first tries to parse it as a PEM key on
  // every verify (and throws), which cost ~1.5 ms per request under load.
  const key = createSecretKey(Buffer.from(options.secret, 'utf8'));
  // Tokens whose signature and claims were checked, until they expire: the HMAC and the JSON of a
  // token were an eighth of a cached 督查 answer's CPU. Only good tokens are kept (a forged one costs
  // its own check every time) and the expiry is checked on every use, as jsonwebtoken does.
  const verified = new Map<string, { principal: Principal; version: number; expiresAtMs: number }>();

  function remember(token: string, principal: Principal, version: number, exp: number | undefined) {
    if (typeof exp !== 'number') return;
    if (verified.size >= VERIFIED_LIMIT) verified.delete(verified.keys().next().value as string);
    Object.freeze(principal.halls);
    Object.freeze(principal.duties);
    Object.freeze(principal.enterprises);
    verified.set(token, { principal: Object.freeze(principal), version, expiresAtMs: exp * 1000 });
  }

  function verifyOnce(token: string): VerifyResult {
    const known = verified.get(token);
    if (known) {
      if (Date.now() < known.expiresAtMs)
        return { ok: true, principal: known.principal, version: known.version };
      verified.delete(token);
    }
    const result = verifySigned(token);
    if (result.ok) remember(token, result.principal, result.version, result.exp);
    return result.ok ? { ok: true, principal: result.principal, version: result.version } : result;
  }

  function verifySigned(
    token: string,
  ): (VerifyResult & { ok: false }) | { ok: true; principal: Principal; version: number; exp?: number } {
    try {
      const claims = jwt.verify(token, key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
      }) as Partial<AccessClaims> & { exp?: number };
      if (
        typeof claims.sub !== 'string' ||
        typeof claims.sid !== 'string' ||
        typeof claims.ver !== 'number' ||
        !ROLES.includes(claims.role as Role)
      ) {
        return { ok: false, reason: 'invalid' };
      }
      return {
        ok: true,
        version: claims.ver,
        exp: claims.exp,
        principal: {
          userId: claims.sub,
          sessionId: claims.sid,
          role: claims.role as Role,
          department: claims.dep,
          halls: claims.halls ?? [],
          duties: (claims.dut ?? []).filter((d): d is StaffDuty => STAFF_DUTIES.includes(d)),
          enterprises: claims.ent ?? [],
        },
      };
    } catch (err) {
      return { ok: false, reason: err instanceof jwt.TokenExpiredError ? 'expired' : 'invalid' };
    }
  }

  return {
    ttlSeconds: options.ttlSeconds,
    sign(principal: Principal, version: number): { token: string; expiresAt: Date } {
      const claims: AccessClaims = {
        sub: principal.userId,
        sid: principal.sessionId,
        ver: version,
        role: principal.role,
        ...(principal.department ? { dep: principal.department } : {}),
        ...(principal.halls.length ? { halls: principal.halls } : {}),
        ...(principal.duties.length ? { dut: principal.duties } : {}),
        ...(principal.enterprises.length ? { ent: principal.enterprises } : {}),
      };
      const token = jwt.sign(claims, key, {
        algorithm: 'HS256',
        expiresIn: options.ttlSeconds,
        issuer: ISSUER,
        audience: AUDIENCE,
      });
      const { exp } = jwt.decode(token) as { exp: number };
      return { token, expiresAt: new Date(exp * 1000) };
    },
    verify: verifyOnce,
  };
}
export type AccessTokens = ReturnType<typeof createAccessTokens>;
