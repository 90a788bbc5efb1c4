import type { Principal } from '../../../auth/access/principal';
import type { Booking, BookingRepository } from '../../../appointments/repositories/booking.repository';
import type { RateableService, RatedService } from '../rateable';

/** An appointment is over (rateable) once the person was checked in at the hall. */
const OVER = ['checked_in', 'called', 'served'];

export interface AppointmentAdapterDeps {
  bookings: BookingRepository;
  /** The item's name and department (the catalog's). */
  itemOf(code: string): Promise<{ name: string; department: string } | undefined>;
}

/** The `appointment` kind over the appointments module's booking repository. */
export function appointmentAdapter(deps: AppointmentAdapterDeps): RateableService {
  async function toService(b: Booking): Promise<RatedService> {
    const item = await deps.itemOf(b.itemCode);
    const staffId = b.calledBy ?? b.checkedInBy;
    const windowName = b.windowName ?? b.windowType;
    return {
      kind: 'appointment',
      id: String(b._id),
      personId: b.personId,
      title: `${item?.name ?? b.itemCode}（预约 ${b.date} ${b.start}）`,
      ...(OVER.includes(b.status) ? { endedAt: b.checkedInAt ?? b.updatedAt } : {}),
      served: {
        itemCode: b.itemCode,
        ...(item ? { itemName: item.name } : {}),
        department: item?.department ?? 'unknown',
        hallCode: b.hallCode,
        windowName,
        ...(staffId ? { staffId } : {}),
      },
    };
  }

  return {
    kind: 'appointment',
    async findForPerson(p: Principal, id: string) {
      const b = await deps.bookings.findById(id);
      return b && b.personId === p.userId ? toService(b) : undefined;
    },
    async endedSince(p: Principal, since: Date, limit: number) {
      const list = await deps.bookings.checkedInSince(p.userId, since, limit);
      return Promise.all(list.map(toService));
    },
  };
}
