import type { Logger } from '../../../infra/logger';
import type { Appointments } from '../appointments.module';

export interface SchedulerOptions {
  /** One round of recovery, offer expiry and the no-show sweep (default 30 s). */
  maintenanceMs?: number;
  /** Slot generation for the booking horizon of every configured hall (default 1 h; idempotent). */
  horizonMs?: number;
  /** Reminder reconciliation from MongoDB (default every 10 min, and once at start). */
  reconcileMs?: number;
}

/**
 * The periodic jobs of the module, as unref'd timers (they never keep the process alive). Every job
 * is idempotent and safe from several processes, so each BFF instance may run its own scheduler.
 * A round never overlaps the previous one. `stop()` clears the timers and waits for a running round.
 */
export function startAppointmentScheduler(
  deps: { appt: Appointments; logger: Logger; reconcile?: () => Promise<unknown> } & SchedulerOptions,
) {
  const { appt, logger } = deps;
  let running: Promise<void> | undefined;
  let stopped = false;

  const once = (name: string, job: () => Promise<unknown>) => async () => {
    if (stopped || running) return;
    running = (async () => {
      try {
        const result = await job();
        logger.debug({ job: name, result }, 'appointments job done');
      } catch (err) {
        logger.error({ err, job: name }, 'appointments job failed');
      }
    })();
    try {
      await running;
    } finally {
      running = undefined;
    }
  };

  const maintenance = once('maintenance', () => appt.runMaintenance());
  const horizon = once('horizon', async () => {
    const halls = await appt.ctx.repos.configs.list();
    const generated: Record<string, number> = {};
    for (const config of halls) {
      const days = await appt.slots.generateHorizon(config.hallCode);
      generated[config.hallCode] = days.reduce((n, d) => n + d.slots, 0);
    }
    return generated;
  });

  const reconcile = once('reconcile', async () => deps.reconcile?.());

  const timers = [
    setInterval(() => void maintenance(), deps.maintenanceMs ?? 30_000),
    setInterval(() => void horizon(), deps.horizonMs ?? 60 * 60_000),
    setInterval(() => void reconcile(), deps.reconcileMs ?? 10 * 60_000),
  ];
  for (const t of timers) t.unref();
  // Start-up: slots, then recovery (which tells owners of bookings it confirms), then the reminders.
  const first = setTimeout(() => void horizon().then(maintenance).then(reconcile), 0);
  first.unref();

  return {
    /** Runs the jobs now (tests). */
    runNow: async () => {
      await horizon();
      await maintenance();
      await reconcile();
    },
    async stop() {
      stopped = true;
      clearTimeout(first);
      for (const t of timers) clearInterval(t);
      await running;
    },
  };
}
export type AppointmentScheduler = ReturnType<typeof startAppointmentScheduler>;
