import { ROLES } from '@app/shared';
import { z } from 'zod';
import { buildRouteTable } from '../../../app';
import { createTestEnv, type TestEnv } from '../../../../test/support/test-env';
import { resourceFixtures } from '../testing/resource-fixtures';

/** Public routes that write: only the ones a person needs before having a session. */
const PUBLIC_WRITES = [
  'POST /api/auth/wechat',
  'POST /api/auth/staff-login',
  'POST /api/auth/refresh',
  'POST /api/auth/dev-code',
  // The public progress query takes the case number and the applicant's name in a body, not a URL.
  'POST /api/cases/progress',
];

const policySchema = z.discriminatedUnion('access', [
  z.object({ access: z.literal('public') }).strict(),
  z
    .object({
      access: z.literal('signed-in'),
      roles: z.array(z.enum(ROLES)).min(1),
      resource: z
        .object({
          kind: z.string().min(1),
          param: z.string().min(1),
          load: z.custom<unknown>((f) => typeof f === 'function'),
        })
        .strict()
        .optional(),
      audited: z.boolean().optional(),
    })
    .strict(),
]);

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

describe('every row of the route table declares a valid policy', () => {
  it('has a policy of a known kind, with known roles', () => {
    const routes = buildRouteTable(env.deps);
    expect(routes.length).toBeGreaterThan(10);
    for (const def of routes) {
      const result = policySchema.safeParse(def.policy);
      if (!result.success)
        throw new Error(
          `${def.method.toUpperCase()} ${def.path}: invalid policy ${JSON.stringify(def.policy)}`,
        );
    }
  });

  it('a resource check names a path parameter of the route and a kind the matrix knows how to make', () => {
    for (const def of buildRouteTable(env.deps)) {
      if (def.policy.access !== 'signed-in' || !def.policy.resource) continue;
      const name = `${def.method.toUpperCase()} ${def.path}`;
      expect({ name, hasParam: def.path.includes(`:${def.policy.resource.param}`) }).toEqual({
        name,
        hasParam: true,
      });
      expect({ name, fixture: typeof resourceFixtures[def.policy.resource.kind] }).toEqual({
        name,
        fixture: 'function',
      });
    }
  });

  it('public writes are only the login ones (anything else must be signed in, rate-limited and audited)', () => {
    const publicWrites = buildRouteTable(env.deps)
      .filter((def) => def.method !== 'get' && def.policy.access === 'public')
      .map((def) => `${def.method.toUpperCase()} ${def.path}`);
    expect(publicWrites.filter((r) => !PUBLIC_WRITES.includes(r))).toEqual([]);
  });
});
