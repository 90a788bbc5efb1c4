import type { AppDeps } from '../../app-deps';
import { identityOf } from '../auth/identity';
import { createHallRepository } from '../catalog/repositories/hall.repository';
import { createServiceItemRepository } from '../catalog/repositories/service-item.repository';
import { createAppointments, type Appointments } from './appointments.module';
import { createAppointmentsApi, type AppointmentsApi } from './http/appointments.api';
import {
  createReminders,
  startReminderWorker,
  type Reminders,
  type ReminderOptions,
} from './services/reminders';
import { startAppointmentScheduler, type SchedulerOptions } from './services/scheduler';
import type { AppointmentsOptions } from './services/context';
import { seedDemoHallBookings } from './demo/seed-halls';
import { outboxOf } from '../notifications';

export interface AppointmentsRuntime {
  appt: Appointments;
  api: AppointmentsApi;
  reminders: Reminders;
}

export interface RuntimeOptions extends AppointmentsOptions {
  reminders?: ReminderOptions;
  cacheMs?: number;
}

const instances = new WeakMap<object, AppointmentsRuntime>();

/**
 * The appointments capability of one app (one set of deps), made on first use. Tests pass options
 * (a clock, short reminder backoff) to replace the instance before their requests.
 */
export function appointmentsOf(deps: AppDeps, options?: RuntimeOptions): AppointmentsRuntime {
  const existing = instances.get(deps);
  if (existing && !options) return existing;
  const { reminders: reminderOptions, cacheMs, ...apptOptions } = options ?? {};
  const appt = createAppointments(deps, apptOptions);
  const users = identityOf(deps).users;
  const items = createServiceItemRepository(deps.mongo.connection);
  const halls = createHallRepository(deps.mongo.connection);
  const reminders = createReminders({
    ctx: appt.ctx,
    redis: deps.redis,
    logger: deps.logger,
    openIdOf: async (personId) => (await users.findById(personId))?.wechatOpenId ?? undefined,
    describe: async (booking) => {
      const [item, hall] = await Promise.all([
        items.findByCode(booking.itemCode),
        halls.list().then((list) => list.find((h) => h.code === booking.hallCode)),
      ]);
      return { itemName: item?.name ?? booking.itemCode, hallName: hall?.name ?? booking.hallCode };
    },
    options: { templateId: deps.config.wechat.templates.appointmentReminder, ...reminderOptions },
    outbox: outboxOf(deps),
  });
  // Slots stay inside the hall's opening hours as the catalogue states them (kept a minute).
  let hours: { at: number; byHall: Map<string, string> } | undefined;
  appt.ctx.hallHours.of = async (hallCode) => {
    if (!hours || Date.now() - hours.at > 60_000) {
      const list = await halls.list();
      hours = { at: Date.now(), byHall: new Map(list.map((h) => [h.code, h.openingHours])) };
    }
    return hours.byHall.get(hallCode);
  };
  const api = createAppointmentsApi({
    appt,
    items,
    halls,
    users,
    reminders,
    people: {
      async realName(personId) {
        const user = await users.findById(personId);
        if (!user?.realNameAt || !user.name) return undefined;
        const vault = identityOf(deps).vault;
        return {
          name: user.name,
          ...(user.idNumberEnc ? { idNumber: vault.decrypt(user.idNumberEnc) } : {}),
        };
      },
    },
    enterprises: {
      async nameOf(enterpriseId) {
        return (await identityOf(deps).enterprises.findById(enterpriseId))?.name;
      },
    },
    ...(cacheMs !== undefined ? { cacheMs } : {}),
  });
  const runtime = { appt, api, reminders };
  instances.set(deps, runtime);
  return runtime;
}

/**
 * What runs beside the HTTP server: demo hall configs (outside production), the maintenance
 * scheduler (recovery, offer expiry, no-shows, slot horizon) and the reminder worker. bootstrap.ts
 * starts it outside tests; `stop()` before closing the stores.
 */
export async function startAppointmentsBackground(
  deps: AppDeps,
  options: { seedDemo?: boolean; scheduler?: SchedulerOptions } = {},
) {
  const runtime = appointmentsOf(deps);
  await runtime.appt.ensureIndexes();
  if (options.seedDemo) await seedDemoHallBookings(runtime.appt, deps.logger);
  const scheduler = startAppointmentScheduler({
    appt: runtime.appt,
    logger: deps.logger,
    reconcile: () => runtime.reminders.reconcile(),
    ...options.scheduler,
  });
  const worker = startReminderWorker({
    reminders: runtime.reminders,
    redis: deps.redis,
    redisUrl: deps.config.redis.url,
    logger: deps.logger,
    apiBase: deps.wechat.apiBase,
    wechat: deps.config.wechat,
  });
  const stop = async () => {
    await scheduler.stop();
    await worker.close();
    await runtime.reminders.queue().close();
  };
  return { scheduler, worker, stop, close: stop };
}
