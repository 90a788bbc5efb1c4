import type { Logger } from '../../../infra/logger';
import type { Appointments } from '../appointments.module';
import { openingSessionsOn } from '@app/shared';
import { defaultHallBookingConfig } from '../services/slot-plan';

/** The demo halls of the plan: 市政务服务中心 and 密山市政务服务中心. */
export const DEMO_BOOKING_HALLS = ['HALL-SZ', 'HALL-MS'] as const;

/**
 * Booking configuration for the demo halls (综合受理 6 windows × 2 per 30-minute slot, 综合咨询,
 * 部门窗口; sessions = the hall's own opening hours on a working day (工作日 8:30–11:30，13:30–17:00); opens 7 days ahead at 08:00, closes the day before 17:00),
 * written only when a hall has none (an edited configuration is kept), then the slot horizon.
 */
export async function seedDemoHallBookings(appt: Appointments, logger?: Logger): Promise<void> {
  for (const hallCode of DEMO_BOOKING_HALLS) {
    if (!(await appt.ctx.repos.configs.get(hallCode))) {
      await appt.slots.configureHall(demoHallBookingConfig(hallCode, await appt.ctx.hallHours.of(hallCode)));
      logger?.info({ hallCode }, 'appointments: demo hall booking configuration written');
    }
    await appt.slots.generateHorizon(hallCode);
  }
}

/** The default configuration with the hall's working-day opening hours as its sessions. */
export function demoHallBookingConfig(hallCode: string, openingHours?: string) {
  const config = defaultHallBookingConfig(hallCode);
  const sessions = openingHours ? openingSessionsOn(openingHours, 1) : [];
  return sessions.length ? { ...config, sessions } : config;
}
