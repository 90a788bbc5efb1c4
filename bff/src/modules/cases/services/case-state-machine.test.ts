import { CASE_ACTIONS, CASE_STATUSES, type CaseAction, type CaseStatus } from '@app/shared';
import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../../test/support/test-env';
import type { Principal } from '../../auth/access/principal';
import { processingWorkingDays, todayInChina } from '../../calendar';
import { casesOf } from '../cases.module';
import { caseModel } from '../models/case.model';
import { fileCase, person, publishItem } from '../testing/case-fixtures';
import { findTransition, pathTo, TRANSITIONS, type Transition } from './case-state-machine';

/**
 * Every (status, action) pair, generated from the transition table: a legal one moves the case to
 * the row's `to` with a timeline event; an illegal one answers 409 CONFLICT and changes nothing.
 */
let env: TestEnv;
let itemCode: string;
let lead: Principal;
let leadHeader: string;
let applicant: Principal;

beforeAll(async () => {
  env = await createTestEnv({
    LOG_LEVEL: 'warn',
    RATE_LIMIT_WRITE_PER_MINUTE_IP: '100000',
    RATE_LIMIT_WRITE_PER_MINUTE_ACCOUNT: '100000',
  });
  itemCode = await publishItem(env.deps, { departmentCode: 'dept-sm' });
  const staff = await person(env.deps, 'staff', { department: 'dept-sm', halls: ['HALL-SZ'] });
  lead = staff.principal;
  leadHeader = staff.header;
  applicant = (await person(env.deps, 'citizen')).principal;
});
afterAll(() => env.close());

function perform(action: CaseAction, id: string) {
  const s = casesOf(env.deps).service;
  switch (action) {
    case 'prereview_pass':
      return s.prereview(lead, id, { result: 'pass' });
    case 'request_correction':
      return s.requestCorrection(lead, id, [{ index: 0, name: '申请表', reason: '未签字' }]);
    case 'resubmit':
      return s.resubmit(applicant, id);
    case 'accept':
      return s.accept(lead, id, {});
    case 'reject':
      return s.reject(lead, id, '不符合《行政许可法》第三十二条规定的受理条件');
    case 'start':
      return s.start(lead, id);
    case 'complete':
      return s.complete(lead, id, 'approved');
    case 'deliver':
      return s.deliver(lead, id, { method: 'pickup' });
    case 'withdraw':
      return s.withdraw(applicant, id);
  }
}

async function caseIn(status: CaseStatus): Promise<string> {
  const filed = await fileCase(env.deps, applicant, itemCode);
  for (const step of pathTo(status)) await perform(step.action, filed.id);
  return filed.id;
}

const pairs = CASE_STATUSES.flatMap((from) =>
  CASE_ACTIONS.map((action) => ({ from, action, row: findTransition(from, action) })),
);

it('the table is consistent: every status is reachable and each (from, action) appears once', () => {
  for (const status of CASE_STATUSES) expect(() => pathTo(status)).not.toThrow();
  const keys = TRANSITIONS.map((t) => `${t.from}/${t.action}`);
  expect(new Set(keys).size).toBe(keys.length);
});

describe.each(pairs.filter((p) => p.row))('legal: $from --$action-->', ({ from, action, row }) => {
  it(`moves to ${(row as Transition).to} with one timeline event`, async () => {
    const id = await caseIn(from);
    const before = (await casesOf(env.deps).repo.findById(id))!;
    const { after } = await perform(action, id);
    expect(after.status).toBe(row!.to);
    expect(after.version).toBe(before.version + 1);
    expect(after.timeline.at(-1)).toMatchObject({ kind: action, from, to: row!.to });
  });
});

describe.each(pairs.filter((p) => !p.row))('illegal: $from --$action-->', ({ from, action }) => {
  it('answers 409 CONFLICT and changes nothing', async () => {
    const id = await caseIn(from);
    const before = (await casesOf(env.deps).repo.findById(id))!;
    await expect(perform(action, id)).rejects.toMatchObject({ code: 'CONFLICT', status: 409 });
    const after = (await casesOf(env.deps).repo.findById(id))!;
    expect(after.status).toBe(from);
    expect(after.version).toBe(before.version);
    expect(after.timeline).toHaveLength(before.timeline.length);
  });
});

it('over HTTP an illegal transition is the 409 envelope', async () => {
  const id = await caseIn('delivered');
  const res = await request(env.callback)
    .post(`/api/cases/${id}/accept`)
    .set('Authorization', leadHeader)
    .send({});
  expect(res.status).toBe(409);
  expect(res.body.error).toMatchObject({
    code: 'CONFLICT',
    details: { status: 'delivered', action: 'accept' },
  });
});

it('staff of another department may not move the case (403), an applicant may not act for staff', async () => {
  const id = await caseIn('submitted');
  const stranger = (await person(env.deps, 'staff', { department: 'dept-elsewhere', halls: ['HALL-SZ'] }))
    .principal;
  await expect(casesOf(env.deps).service.prereview(stranger, id, { result: 'pass' })).rejects.toMatchObject({
    code: 'CASE_NOT_YOUR_DEPARTMENT',
  });
  await expect(casesOf(env.deps).service.prereview(applicant, id, { result: 'pass' })).rejects.toMatchObject({
    status: 403,
  });
});

it('办结 fixes the closed day and the processing working days the 督查 figures count', async () => {
  const id = await caseIn('completed');
  const doc = await caseModel(env.deps.mongo.connection).findById(id).lean().exec();
  expect(doc!.closedDate).toBe(todayInChina());
  // Accepted and closed today (the test's clock): no working day after 受理 has passed yet.
  expect(doc!.processingDays).toBe(processingWorkingDays(doc!.acceptedDate!, doc!.closedDate!, doc!.pauses));
  expect(doc!.processingDays).toBe(0);
});
