import { AppError } from '../../../http/app-error';
import { toChinaDate } from '../../calendar';
import type { AppointmentsContext } from './context';

/** Refuses a person under a booking restriction, with the reason and the last day it applies. */
export async function assertNotRestricted(ctx: AppointmentsContext, personId: string): Promise<void> {
  const restriction = await ctx.repos.restrictions.findActive(personId, ctx.now());
  if (!restriction) return;
  // `until` is the first instant free again; the last restricted day is the China date just before it.
  const lastDay = toChinaDate(restriction.until.getTime() - 1);
  throw new AppError('BOOKING_RESTRICTED', `${restriction.reason}，${lastDay}（含）前暂停预约`, {
    reason: restriction.reason,
    until: restriction.until.toISOString(),
    lastRestrictedDay: lastDay,
  });
}
