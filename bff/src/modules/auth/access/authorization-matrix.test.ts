import { ROLES, type Role } from '@app/shared';
import request from 'supertest';
import { buildRouteTable } from '../../../app';
import type { RouteDef } from '../../../http/route-table';
import { createTestEnv, type TestEnv } from '../../../../test/support/test-env';
import { createPerson, signIn } from '../testing/identity-fixtures';
import { resourceFixtures } from '../testing/resource-fixtures';

/**
 * The authorization matrix, generated from the route table: every route × every kind of caller ×
 * (for routes with a resource) their own record and somebody else's. The expected answer comes from
 * the route's policy alone, so a new route is covered the moment it is added to buildRouteTable.
 *
 * - public: never 401/403 for anybody
 * - signed-in: anonymous 401; a role not listed 403; somebody else's record 404 (NOT_FOUND, as if it
 *   did not exist) except for supervisors and admins, who reach everything; otherwise let through
 *   (the handler answers: 2xx, or 400 for the empty body the matrix sends, never 401/403/NOT_FOUND).
 */
type Caller = 'anonymous' | Role;
type Expected = 401 | 403 | 404 | 'through';
const CALLERS: Caller[] = ['anonymous', ...ROLES];
const REACH_ALL: Role[] = ['supervisor', 'admin'];

function expected(def: RouteDef, caller: Caller, whose: 'own' | 'other' | 'none'): Expected {
  const policy = def.policy;
  if (policy.access === 'public') return 'through';
  if (caller === 'anonymous') return 401;
  if (!policy.roles.includes(caller)) return 403;
  if (policy.resource && whose === 'other' && !REACH_ALL.includes(caller)) return 404;
  return 'through';
}

/** `/api/x/:id/y/:userId` with the given values; parameters without one get a harmless placeholder. */
function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => encodeURIComponent(values[name] ?? 'x'));
}

let env: TestEnv;
let routes: RouteDef[];

beforeAll(async () => {
  env = await createTestEnv({
    RATE_LIMIT_WRITE_PER_MINUTE_IP: '100000',
    RATE_LIMIT_WRITE_PER_MINUTE_ACCOUNT: '100000',
    RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
    LOG_LEVEL: 'warn',
  });
  routes = buildRouteTable(env.deps).filter((def) => !def.raw || def.path.startsWith('/api/'));
});
afterAll(() => env.close());

interface Case {
  caller: Caller;
  whose: 'own' | 'other' | 'none';
  expect: Expected;
}

function casesFor(def: RouteDef): Case[] {
  const hasResource = def.policy.access === 'signed-in' && !!def.policy.resource;
  const whoses = hasResource ? (['own', 'other'] as const) : (['none'] as const);
  return CALLERS.flatMap((caller) =>
    whoses.map((whose) => ({ caller, whose, expect: expected(def, caller, whose) })),
  );
}

it('the matrix covers every route of the table', () => {
  expect(routes.length).toBeGreaterThan(10);
  const apiRoutes = routes.filter((r) => r.path.startsWith('/api/'));
  expect(apiRoutes.some((r) => r.policy.access === 'signed-in' && r.policy.resource)).toBe(true);
});

it('answers every caller of every route as its policy says', async () => {
  const failures: string[] = [];
  let checked = 0;
  for (const def of routes) {
    const name = `${def.method.toUpperCase()} ${def.path}`;
    for (const c of casesFor(def)) {
      let header: string | undefined;
      let values: Record<string, string> = {};
      if (c.caller !== 'anonymous') {
        // A fresh person per case: a case's side effects (logout, binding) never leak into the next.
        const user = await createPerson(env.deps, c.caller);
        header = (await signIn(env.deps, user)).header;
        if (def.policy.access === 'signed-in' && def.policy.resource) {
          const fixture = resourceFixtures[def.policy.resource.kind];
          if (!fixture)
            throw new Error(`${name}: no matrix fixture for resource kind "${def.policy.resource.kind}"`);
          const made = await fixture(env.deps, user);
          values = c.whose === 'own' ? made.own : made.other;
        }
      }
      let req = request(env.callback)[def.method](fillPath(def.path, values));
      if (header) req = req.set('Authorization', header);
      const res = def.method === 'get' ? await req : await req.send({});
      const code = res.body?.error?.code;
      const ok =
        c.expect === 'through'
          ? res.status !== 401 && res.status !== 403 && !(res.status === 404 && code === 'NOT_FOUND')
          : res.status === c.expect;
      checked += 1;
      if (!ok)
        failures.push(
          `${name} ${c.caller}/${c.whose}: expected ${c.expect}, got ${res.status} ${code ?? ''}`,
        );
    }
  }
  expect(failures).toEqual([]);
  expect(checked).toBeGreaterThan(routes.length * CALLERS.length - 1);
}, 600_000);
