import {
  COMPLAINT_ACTIONS,
  COMPLAINT_STATUSES,
  COMPLAINT_TRANSITIONS,
  findComplaintTransition,
} from '@app/shared';
import { createTestEnv, type TestEnv } from '../../../../test/support/test-env';
import { AppError } from '../../../http/app-error';
import { createComplaintRepository } from '../repositories/complaint.repository';
import { insertComplaint } from '../testing/complaint-fixtures';
import { createStepper } from './complaint-step';

/**
 * THE transition table, every (status, action) pair: the legal ones move the complaint in one
 * conditional update; every illegal pair answers 409 and changes nothing; a lost race (stale version)
 * answers 409 too.
 */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({ LOG_LEVEL: 'warn' });
});
afterAll(() => env.close());

it('is one row per legal (from, action) and every status is reachable or final', () => {
  const pairs = COMPLAINT_TRANSITIONS.map((t) => `${t.from}|${t.action}`);
  expect(new Set(pairs).size).toBe(pairs.length);
  const reached = new Set(['submitted', ...COMPLAINT_TRANSITIONS.map((t) => t.to)]);
  expect([...reached].sort()).toEqual([...COMPLAINT_STATUSES].sort());
});

it('moves on every legal pair and refuses every illegal pair with 409', async () => {
  const repo = createComplaintRepository(env.mongo.connection);
  const steps = createStepper({ repo, relay: () => undefined });
  const actor = { role: 'staff' as const, as: 'desk' };
  let legal = 0;
  let illegal = 0;
  for (const status of COMPLAINT_STATUSES) {
    for (const action of COMPLAINT_ACTIONS) {
      const c = await insertComplaint(env.deps, { filerId: 'u1', status, leadDepartment: 'dept-a' });
      const t = findComplaintTransition(status, action);
      if (t) {
        const { after } = await steps.move(c, c.version, action, actor, new Date(), {
          events: [{ kind: 'accepted' }],
        });
        expect({ status, action, to: after.status, version: after.version }).toEqual({
          status,
          action,
          to: t.to,
          version: 1,
        });
        legal++;
      } else {
        const err = await steps
          .move(c, c.version, action, actor, new Date(), { events: [] })
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).status).toBe(409);
        expect((await repo.findById(c._id))!.version).toBe(0);
        illegal++;
      }
    }
  }
  expect(legal).toBe(COMPLAINT_TRANSITIONS.length);
  expect(illegal).toBe(COMPLAINT_STATUSES.length * COMPLAINT_ACTIONS.length - COMPLAINT_TRANSITIONS.length);
});

it('a stale version (somebody acted first) is a 409 even on a legal pair', async () => {
  const repo = createComplaintRepository(env.mongo.connection);
  const steps = createStepper({ repo, relay: () => undefined });
  const c = await insertComplaint(env.deps, { filerId: 'u1', status: 'submitted' });
  const actor = { role: 'staff' as const, as: 'desk' };
  await steps.move(c, 0, 'accept', actor, new Date(), { events: [] });
  const err = await steps.move(c, 0, 'reject', actor, new Date(), { events: [] }).catch((e: unknown) => e);
  expect((err as AppError).status).toBe(409);
});
