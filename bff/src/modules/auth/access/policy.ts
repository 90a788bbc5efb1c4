import { ROLES, type Role } from '@app/shared';
import type { HttpMethod, RoutePolicy } from '../../../http/route-table';
import { reaches, type Ownership, type Principal } from './principal';

/** Every role: for `roles` of routes any signed-in person may call (logout, own profile). */
export const ANY_ROLE: readonly Role[] = ROLES;

/** The outcome of a policy for one caller, before the handler runs. */
export type Decision =
  { allow: true } | { allow: false; code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' };

/**
 * Step 1, before anything is loaded: is the caller signed in, and is their role on the list?
 * A role that is not on the list gets 403 without touching the resource, so nothing leaks.
 */
export function decideRole(policy: RoutePolicy, principal: Principal | undefined): Decision {
  if (policy.access === 'public') return { allow: true };
  if (!principal) return { allow: false, code: 'UNAUTHENTICATED' };
  if (!policy.roles.includes(principal.role)) return { allow: false, code: 'FORBIDDEN' };
  return { allow: true };
}

/**
 * Step 2, for routes with a `resource`: a record that does not exist and a record of someone else
 * answer the same 404, so ids in URLs cannot be probed.
 */
export function decideResource(principal: Principal, owner: Ownership | undefined): Decision {
  if (!owner || !reaches(principal, owner)) return { allow: false, code: 'NOT_FOUND' };
  return { allow: true };
}

/** Writes are every method but GET: they are rate-limited and, for staff roles, audited. */
export function isWrite(method: HttpMethod): boolean {
  return method !== 'get';
}
