import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../test/support/test-env';
import fs from 'node:fs';
import path from 'node:path';
import { AUDIT_ACTION_LABELS } from '@app/shared';
import { identityOf } from '../auth/identity';
import { PASSWORD, signedIn } from '../auth/testing/identity-fixtures';
import { createDepartmentRepository } from '../catalog/repositories/department.repository';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  // Before any read: the audit view caches department names for a minute.
  await createDepartmentRepository(env.deps.mongo.connection).upsertMany([
    { code: 'dept-audit', name: '市审计测试局' },
  ]);
});
afterAll(() => env.close());

const audit = (header: string, query = '') =>
  request(env.callback).get(`/api/audit${query}`).set('Authorization', header);

describe('audit log', () => {
  it('records every staff, supervisor and admin write with who, what, target and a summary without personal data', async () => {
    const admin = await signedIn(env.deps, 'admin');
    const supervisor = await signedIn(env.deps, 'supervisor');
    const created = await request(env.callback)
      .post('/api/admin/users')
      .set('Authorization', admin.header)
      .send({
        role: 'staff',
        username: 'audit.me',
        password: 'Window-Pass-2024',
        name: '审计员',
        department: 'tax',
      })
      .expect(201);
    await request(env.callback)
      .patch(`/api/admin/users/${created.body.id}`)
      .set('Authorization', admin.header)
      .send({ department: 'gov', halls: ['h9'] })
      .expect(200);

    const res = await audit(supervisor.header, `?actor=${admin.user.id}`).expect(200);
    expect(res.body.total).toBe(2);
    const [update, create] = res.body.items;
    expect(create).toMatchObject({
      actorId: admin.user.id,
      actorRole: 'admin',
      action: 'users.create',
      method: 'POST',
      path: '/api/admin/users',
      target: created.body.id,
      status: 201,
      after: { role: 'staff', username: 'audit.me', name: '审*员', department: 'tax' },
    });
    expect(update).toMatchObject({
      action: 'users.update',
      target: created.body.id,
      before: { department: 'tax', halls: [] },
      after: { department: 'gov', halls: ['h9'] },
      status: 200,
    });
    expect(res.text).not.toContain('Window-Pass-2024');
    expect(res.text).not.toContain('审计员');
  });

  it('records staff logins and failed staff writes; not citizens’ writes', async () => {
    const supervisor = await signedIn(env.deps, 'supervisor');
    const staff = await signedIn(env.deps, 'staff');
    await request(env.callback)
      .post('/api/auth/staff-login')
      .send({ username: staff.user.username, password: PASSWORD })
      .expect(200);
    await request(env.callback).post('/api/auth/logout').set('Authorization', staff.header).expect(200);
    const citizen = await signedIn(env.deps, 'citizen');
    await request(env.callback).post('/api/auth/logout').set('Authorization', citizen.header).expect(200);

    const mine = await audit(supervisor.header, `?actor=${staff.user.id}`).expect(200);
    expect(mine.body.items.map((e: { action: string }) => e.action)).toEqual([
      'POST /api/auth/logout',
      'auth.staff-login',
    ]);
    const theirs = await audit(supervisor.header, `?actor=${citizen.user.id}`).expect(200);
    expect(theirs.body.total).toBe(0);
  });

  it('filters by action (exact or prefix*), time range, and pages', async () => {
    const supervisor = await signedIn(env.deps, 'supervisor');
    const admin = await signedIn(env.deps, 'admin');
    const before = new Date().toISOString();
    for (let i = 0; i < 3; i += 1) {
      await request(env.callback)
        .post('/api/admin/users')
        .set('Authorization', admin.header)
        .send({
          role: 'supervisor',
          username: `page.${i}.${Date.now()}`,
          password: 'Window-Pass-2024',
          name: '督查',
        })
        .expect(201);
    }
    const page = await audit(
      supervisor.header,
      `?actor=${admin.user.id}&action=users.*&from=${before}&page=2&pageSize=2`,
    ).expect(200);
    expect(page.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page.body.items).toHaveLength(1);
    const exact = await audit(supervisor.header, `?actor=${admin.user.id}&action=users.create`).expect(200);
    expect(exact.body.total).toBe(3);
    const none = await audit(supervisor.header, `?actor=${admin.user.id}&to=2000-01-01`).expect(200);
    expect(none.body.total).toBe(0);
  });

  it('reads as a person would: Chinese action, outcome, the staff name and department name, no raw failure line; filter by who', async () => {
    const supervisor = await signedIn(env.deps, 'supervisor');
    const staff = await signedIn(env.deps, 'staff', { department: 'dept-audit' });
    await identityOf(env.deps).users.update(staff.user.id, { name: '周审阅' });
    await request(env.callback)
      .post('/api/auth/staff-login')
      .send({ username: staff.user.username, password: PASSWORD })
      .expect(200);
    // A refused write (no such case): recorded, and named from its route, not as `POST /api/… 失败 404`.
    await request(env.callback)
      .post('/api/staff/appointments/check-in')
      .set('Authorization', staff.header)
      .send({ code: 'ZZZZ2222' })
      .expect(404);

    const res = await audit(supervisor.header, '?who=周审').expect(200);
    expect(res.body.total).toBe(2);
    const [refused, login] = res.body.items;
    expect(login).toMatchObject({
      action: 'auth.staff-login',
      actionLabel: '工作人员登录',
      outcome: '成功',
      actorName: '周审阅',
      actorDepartment: '市审计测试局',
    });
    expect(refused.outcome).toBe('未成功：对象不存在或无权查看');
    expect(refused.actionLabel).toBe('签到');
    for (const e of res.body.items) {
      expect(e.actionLabel).toMatch(/^[\u4e00-\u9fa5]/);
      expect(e.actionLabel).not.toMatch(/\/api\/|POST|[a-z]+\.[a-z]/);
    }
    expect((await audit(supervisor.header, '?who=无此人').expect(200)).body.total).toBe(0);
  });

  it('every action code the BFF writes has a Chinese name in shared (AUDIT_ACTION_LABELS)', () => {
    const root = path.join(__dirname, '..');
    const files = fs
      .readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.includes('testing'));
    const codes = new Set<string>();
    for (const f of files) {
      const text = fs.readFileSync(path.join(root, f), 'utf8');
      for (const m of text.matchAll(/action: '([a-z]+(?:\.[a-z_-]+)+)'/g)) codes.add(m[1]);
      for (const m of text.matchAll(/staffWrite\(ctx, auth!, '([a-z]+(?:\.[a-z_-]+)+)'/g)) codes.add(m[1]);
      for (const m of text.matchAll(/'((?:enterprises)\.[a-z_.-]+)'/g)) codes.add(m[1]);
    }
    // Built from a template: every value they can take.
    for (const r of ['pass', 'needs_correction']) codes.add(`cases.prereview.${r}`);
    for (const st of ['in_progress', 'done']) codes.add(`cases.task.${st}`);
    for (const a of ['publish', 'unpublish']) codes.add(`faq.${a}`);
    for (const m of ['handover', 'share']) codes.add(`enterprises.admin.${m}`);
    const complaints = fs.readFileSync(path.join(root, 'complaints/complaints.routes.ts'), 'utf8');
    for (const m of complaints.matchAll(
      /staffRow\(\s*'[a-z/-]+',\s*(?:'[^']*'|[^,]+),\s*[A-Za-z]+,\s*'([a-z_.]+)'/g,
    )) {
      codes.add(`complaints.${m[1]}`);
    }
    expect(codes.size).toBeGreaterThan(40);
    const missing = [...codes].filter((c) => !AUDIT_ACTION_LABELS[c]);
    expect(missing).toEqual([]);
  });

  it('is for supervisors only', async () => {
    for (const role of ['citizen', 'enterprise', 'staff', 'admin'] as const) {
      const person = await signedIn(env.deps, role);
      expect((await audit(person.header)).status).toBe(403);
    }
    expect((await request(env.callback).get('/api/audit')).status).toBe(401);
  });

  it('bad filters name the fields', async () => {
    const supervisor = await signedIn(env.deps, 'supervisor');
    const res = await audit(supervisor.header, '?actor=bob&from=yesterday&page=0').expect(400);
    expect(res.body.error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'query.actor',
      'query.from',
      'query.page',
    ]);
    const range = await audit(supervisor.header, '?from=2024-05-02&to=2024-05-01').expect(400);
    expect(range.body.error.details.fields[0].path).toBe('query.to');
  });
});
