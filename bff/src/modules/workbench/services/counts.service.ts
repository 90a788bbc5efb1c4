import type { WorkbenchCounts } from '@app/shared';
import type { AppDeps } from '../../../app-deps';
import { appointmentsOf } from '../../appointments/appointments.runtime';
import type { Principal } from '../../auth/access/principal';
import { toChinaDate } from '../../calendar';
import { casesOf } from '../../cases/cases.module';
import { complaintsOf } from '../../complaints/complaints.module';
import { consultationsOf } from '../../consultations/consultations.module';
import { ratingsOf } from '../../ratings/ratings.module';

/** A count the caller has no part in (no duty, no hall: the queue refuses them) is left out. */
async function countOf(run: () => Promise<number>): Promise<number | undefined> {
  try {
    return await run();
  } catch {
    return undefined;
  }
}

/**
 * What waits for this staff member, through each capability's own queue (same scoping as the page the
 * tile opens: department, halls, duties; supervisors see everything).
 */
export async function workbenchCounts(deps: AppDeps, p: Principal): Promise<WorkbenchCounts> {
  const everything = p.role === 'supervisor' || p.role === 'admin';
  const firstPage = { page: 1, pageSize: 1 };
  const [prereview, overdueCases, checkInToday, openConsultations, complaintsToDispatch, rectifications] =
    await Promise.all([
      countOf(
        async () =>
          (await casesOf(deps).service.staffQueue(p, { queue: 'prereview', sort: 'deadline', ...firstPage }))
            .total,
      ),
      countOf(async () => {
        const stats = await casesOf(deps).service.overdueStats();
        if (everything) return stats.total.overdue;
        return stats.departments.find((d) => d.department === p.department)?.overdue ?? 0;
      }),
      p.role === 'staff' && p.halls.length
        ? countOf(async () => {
            const { ctx } = appointmentsOf(deps).appt;
            const { bookings } = ctx.repos;
            const date = toChinaDate(ctx.now());
            const days = await Promise.all(
              p.halls.map((hallCode) => bookings.listByHallDay({ hallCode, date, status: 'booked' })),
            );
            return days.reduce((n, day) => n + day.length, 0);
          })
        : undefined,
      countOf(async () => (await consultationsOf(deps).staff.queue(p, firstPage)).total),
      countOf(
        async () =>
          (await complaintsOf(deps).queries.staffQueue(p, { duty: 'dispatch', ...firstPage })).total,
      ),
      countOf(
        async () =>
          (await ratingsOf(deps).rectifications.list(p, {})).items.filter((r) => r.status !== 'rectified')
            .length,
      ),
    ]);
  const counts: WorkbenchCounts = {};
  const put = (key: keyof WorkbenchCounts, n: number | undefined) => {
    if (n !== undefined) counts[key] = n;
  };
  put('prereview', prereview);
  put('overdueCases', overdueCases);
  put('checkInToday', checkInToday);
  put('openConsultations', openConsultations);
  put('complaintsToDispatch', complaintsToDispatch);
  put('rectifications', rectifications);
  return counts;
}
