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
  const all = routes.flatMap((def) => casesFor(def).map((c) => ({ def, c })));
  // Each case has its own fresh person, so cases are independent: a few at a time keeps the engine
  // and Redis busy while another case waits (one at a time, this test alone took minutes).
  const runCase = async ({ def, c }: (typeof all)[number]) => {
    const name = `${def.method.toUpperCase()} ${def.path}`;
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
      failures.push(`${name} ${c.caller}/${c.whose}: expected ${c.expect}, got ${res.status} ${code ?? ''}`);
  };
  const MATRIX_CONCURRENCY = 6;
  let next = 0;
  await Promise.all(
    Array.from({ length: MATRIX_CONCURRENCY }, async () => {
      while (next < all.length) await runCase(all[next++]);
    }),
  );
  failures.sort();
  expect(failures).toEqual([]);
  expect(checked).toBeGreaterThan(routes.length * CALLERS.length - 1);
}, 600_000);

// ---------- document downloads (issue 15 item 3): explicit rows with a real file ----------

describe('who may download a citizen’s documents', () => {
  const PNG = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.alloc(64, 7),
  ]);

  it('applicant, enterprise members, lead and parallel-task departments, supervisors; every staff download audited', async () => {
    const { identityOf } = await import('../identity');
    const { casesOf } = await import('../../cases/cases.module');
    const fixtures = await import('../../cases/testing/case-fixtures');
    const service = casesOf(env.deps).service;
    const enterprises = identityOf(env.deps).enterpriseService;
    const itemCode = await fixtures.publishItem(env.deps, {
      departmentCode: 'dept-doc',
      guide: { halls: [{ hallCode: 'HALL-DOC', windows: [] }] },
    });

    // An enterprise case filed by its admin; a second member joins and is approved.
    const applicant = await fixtures.person(env.deps, 'enterprise');
    const enterpriseId = applicant.principal.enterprises[0];
    const creditCode = (await enterprises.detail(enterpriseId)).creditCode;
    const member = await fixtures.person(env.deps, 'citizen');
    await enterprises.bind(member.user.id, { creditCode, name: '矩阵测试企业' });
    await enterprises.decide(enterpriseId, applicant.user.id, member.user.id, 'active');
    const memberSession = await signIn(
      env.deps,
      (await identityOf(env.deps).users.findById(member.user.id))!,
    );
    const otherEnterprise = await fixtures.person(env.deps, 'enterprise');
    // (a fresh enterprise user admins a fresh enterprise of their own)

    const filed = await fixtures.fileCase(env.deps, applicant.principal, itemCode, enterpriseId);
    const upload = await service.uploadMaterial(applicant.principal, filed.id, 0, {
      filename: '营业执照.png',
      contentType: 'image/png',
      data: PNG,
    });
    const url = upload.view.file.url;
    const lead = await fixtures.person(env.deps, 'staff', { department: 'dept-doc', halls: [] });
    const parallel = await fixtures.person(env.deps, 'staff', { department: 'dept-par', halls: [] });
    await service.prereview(lead.principal, filed.id, { result: 'pass' });
    await service.accept(lead.principal, filed.id, { coDepartments: [{ department: 'dept-par' }] });

    const rows: Array<[string, string | undefined, number]> = [
      ['applicant (enterprise admin)', applicant.header, 200],
      ['another active member of the enterprise', memberSession.header, 200],
      ['a member of another enterprise', otherEnterprise.header, 404],
      ['a stranger citizen', (await fixtures.person(env.deps, 'citizen')).header, 404],
      ['staff of the case’s department', lead.header, 200],
      ['staff of a parallel-task department', parallel.header, 200],
      [
        'staff of another department in the same hall',
        (await fixtures.person(env.deps, 'staff', { department: 'dept-window', halls: ['HALL-DOC'] })).header,
        404,
      ],
      [
        'staff of an unrelated department',
        (await fixtures.person(env.deps, 'staff', { department: 'dept-x' })).header,
        404,
      ],
      ['supervisor', (await fixtures.person(env.deps, 'supervisor')).header, 200],
      ['admin (accounts, not cases)', (await fixtures.person(env.deps, 'admin')).header, 403],
      ['anonymous', undefined, 401],
    ];
    const failures: string[] = [];
    for (const [who, header, status] of rows) {
      let req = request(env.callback).get(url);
      if (header) req = req.set('Authorization', header);
      const res = await req;
      if (res.status !== status) failures.push(`${who}: expected ${status}, got ${res.status}`);
      if (status === 200 && Buffer.compare(res.body as Buffer, PNG) !== 0)
        failures.push(`${who}: wrong bytes`);
    }
    expect(failures).toEqual([]);

    // The three staff-role downloads (lead, parallel, supervisor) are in the audit log; applicants' are not.
    const supervisor = await fixtures.person(env.deps, 'supervisor');
    const audit = await request(env.callback)
      .get('/api/audit?action=cases.download-material&pageSize=50')
      .set('Authorization', supervisor.header);
    expect(audit.status).toBe(200);
    const mine = audit.body.items.filter((e: { target?: string }) => e.target === filed.id);
    expect(mine.map((e: { actorRole: string }) => e.actorRole).sort()).toEqual([
      'staff',
      'staff',
      'supervisor',
    ]);
    expect(mine.map((e: { actorId: string }) => e.actorId)).toEqual(
      expect.arrayContaining([lead.user.id, parallel.user.id]),
    );
    expect(mine[0]).toMatchObject({ method: 'GET', status: 200 });
  });
});

// ---------- enterprises (issue 15.4): who may approve an enterprise's first admin ----------
describe('enterprise approval (POST /api/enterprises/:id/verify)', () => {
  const claimOf = async () => {
    const { identityOf } = await import('../identity');
    const { makeCreditCode } = await import('../testing/identity-fixtures');
    const claimant = await createPerson(env.deps, 'citizen');
    return (
      await identityOf(env.deps).enterprises.findOrCreate(makeCreditCode(), '矩阵认证企业', claimant.id)
    ).id;
  };
  const verify = async (
    caller: Role | 'anonymous',
    id: string,
    options: { halls?: readonly string[] } = {},
  ) => {
    let req = request(env.callback).post(`/api/enterprises/${id}/verify`);
    if (caller !== 'anonymous') {
      const user = await createPerson(env.deps, caller, {
        ...(options.halls ? { halls: [...options.halls] } : {}),
      });
      req = req.set('Authorization', (await signIn(env.deps, user)).header);
    }
    return req.send({ decision: 'reject' });
  };

  it.each([
    ['anonymous', {}, 401],
    ['citizen', {}, 403],
    ['enterprise', {}, 403],
    ['supervisor', {}, 403],
    ['staff', { halls: [] }, 404],
    ['staff', { halls: ['hall-a'] }, 200],
    ['admin', {}, 200],
  ] as const)('%s %j → %i', async (caller, options, status) => {
    const res = await verify(caller, await claimOf(), options);
    expect(res.status).toBe(status);
  });

  it('a decided claim is out of staff reach (404): nobody decides twice', async () => {
    const id = await claimOf();
    expect((await verify('admin', id)).status).toBe(200); // refused: the claim is deleted
    expect((await verify('staff', id, { halls: ['hall-a'] })).status).toBe(404);
  });
});
