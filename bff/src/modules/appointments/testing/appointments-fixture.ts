import type { HallBookingConfig } from '@app/shared';
import { createTestEnv, type TestEnv } from '../../../../test/support/test-env';
import { chinaDateTime } from '../../calendar';
import { createAppointments, type Appointments } from '../appointments.module';
import type { AppointmentsOptions } from '../services/context';
import { defaultHallBookingConfig } from '../services/slot-plan';

/** A controllable clock in China time. */
export class TestClock {
  private ms: number;
  constructor(date: string, time: string) {
    this.ms = chinaDateTime(date, time).getTime();
  }
  now = (): Date => new Date(this.ms);
  set(date: string, time: string) {
    this.ms = chinaDateTime(date, time).getTime();
  }
  advance(ms: number) {
    this.ms += ms;
  }
}

export interface AppointmentsFixture {
  env: TestEnv;
  clock: TestClock;
  appt: Appointments;
  close(): Promise<void>;
}

/**
 * Real stores (embedded MongoDB engine or MONGODB_URI, real Redis with a per-run prefix) and the
 * module wired with a test clock. Tuesday 2026-10-13 is the usual booking day: its booking window
 * is open at the default clock (Thursday 2026-10-08 10:00).
 */
export async function createAppointmentsFixture(
  options: AppointmentsOptions = {},
  envOverrides: NodeJS.ProcessEnv = {},
): Promise<AppointmentsFixture> {
  const env = await createTestEnv(envOverrides);
  const clock = new TestClock('2026-10-08', '10:00');
  const appt = createAppointments(env.deps, { now: clock.now, ...options });
  await appt.ensureIndexes();
  return { env, clock, appt, close: () => env.close() };
}

/** A hall whose 综合受理 slots hold `capacity` people (1 window × capacity). */
export function smallHall(
  hallCode: string,
  capacity: number,
  extra: Partial<HallBookingConfig> = {},
): HallBookingConfig {
  return {
    ...defaultHallBookingConfig(hallCode),
    windows: [
      { type: '综合受理', openWindows: 1, quotaPerWindow: capacity },
      { type: '综合咨询', openWindows: 1, quotaPerWindow: capacity },
    ],
    ...extra,
  };
}

export const DAY = '2026-10-13';

let seq = 0;
/** A fresh idempotency key. */
export function key(label = 'k'): string {
  seq += 1;
  return `${label}-${process.pid}-${seq}-${Math.random().toString(36).slice(2, 8)}`;
}

export function bookInput(personId: string, over: Record<string, unknown> = {}) {
  return {
    personId,
    itemCode: 'JX-GA-0001',
    hallCode: 'JX-ZWFW',
    windowType: '综合受理',
    date: DAY,
    start: '09:00',
    idempotencyKey: key(),
    ...over,
  };
}

/** The AppError code of a rejected promise (or 'OK'). */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}
