import type { Connection } from 'mongoose';
import { toObjectId } from '../../../infra/mongo/versioned-records';
import { bookingModel } from '../../appointments/models/booking.model';
import { caseModel } from '../../cases/models/case.model';
import { departmentModel } from '../../catalog/models/department.model';
import { hallModel } from '../../catalog/models/hall.model';
import { serviceItemModel } from '../../catalog/models/service-item.model';

export interface CaseSubject {
  id: string;
  number: string;
  itemCode: string;
  itemName: string;
  department: string;
  applicantId: string;
  enterpriseId?: string;
}
export interface BookingSubject {
  id: string;
  personId: string;
  itemCode: string;
  hallCode: string;
  date: string;
  start: string;
}

/**
 * Read-only look-ups of what a complaint can be about (the person's cases and appointments, items,
 * halls) and of department names. Consultations join here when that capability lands.
 */
export function createSubjectRepository(connection: Connection) {
  const Cases = caseModel(connection);
  const Bookings = bookingModel(connection);
  const Items = serviceItemModel(connection);
  const Halls = hallModel(connection);
  const Departments = departmentModel(connection);
  const caseFields = { number: 1, itemCode: 1, itemName: 1, department: 1, applicantId: 1, enterpriseId: 1 };
  const toCase = (c: Record<string, unknown>): CaseSubject => ({
    id: String(c._id),
    number: String(c.number),
    itemCode: String(c.itemCode),
    itemName: String(c.itemName),
    department: String(c.department),
    applicantId: String(c.applicantId),
    ...(c.enterpriseId ? { enterpriseId: String(c.enterpriseId) } : {}),
  });
  const bookingFields = { personId: 1, itemCode: 1, hallCode: 1, date: 1, start: 1 };
  const toBooking = (b: Record<string, unknown>): BookingSubject => ({
    id: String(b._id),
    personId: String(b.personId),
    itemCode: String(b.itemCode),
    hallCode: String(b.hallCode),
    date: String(b.date),
    start: String(b.start),
  });

  return {
    async caseById(id: string): Promise<CaseSubject | undefined> {
      const _id = toObjectId(id);
      const c = _id ? await Cases.findById(_id, caseFields).lean().exec() : null;
      return c ? toCase(c as never) : undefined;
    },
    async casesOf(userId: string, enterpriseIds: string[], limit = 30): Promise<CaseSubject[]> {
      const rows = await Cases.find(
        {
          $or: [
            { applicantId: userId },
            ...(enterpriseIds.length ? [{ enterpriseId: { $in: enterpriseIds } }] : []),
          ],
        },
        caseFields,
      )
        .sort({ submittedAt: -1 })
        .limit(limit)
        .lean()
        .exec();
      return rows.map((r) => toCase(r as never));
    },
    async bookingById(id: string): Promise<BookingSubject | undefined> {
      const _id = toObjectId(id);
      const b = _id ? await Bookings.findById(_id, bookingFields).lean().exec() : null;
      return b ? toBooking(b as never) : undefined;
    },
    async bookingsOf(personId: string, limit = 30): Promise<BookingSubject[]> {
      const rows = await Bookings.find(
        { personId, status: { $nin: ['pending', 'rejected', 'expired'] } },
        bookingFields,
      )
        .sort({ slotStartsAt: -1 })
        .limit(limit)
        .lean()
        .exec();
      return rows.map((r) => toBooking(r as never));
    },
    async item(code: string): Promise<{ code: string; name: string; department: string } | undefined> {
      const i = await Items.findOne({ code }, { code: 1, name: 1, departmentCode: 1 }).lean().exec();
      return i ? { code: i.code, name: i.name, department: i.departmentCode } : undefined;
    },
    async itemNames(codes: string[]): Promise<Map<string, string>> {
      const rows = await Items.find({ code: { $in: codes } }, { code: 1, name: 1 })
        .lean()
        .exec();
      return new Map(rows.map((r) => [r.code, r.name]));
    },
    /** A few published items of a department (demo data). */
    async sampleItems(department: string, limit: number): Promise<Array<{ code: string; name: string }>> {
      const rows = await Items.find({ departmentCode: department, status: 'published' }, { code: 1, name: 1 })
        .sort({ code: 1 })
        .limit(limit)
        .lean()
        .exec();
      return rows.map((r) => ({ code: r.code, name: r.name }));
    },
    async hall(code: string): Promise<{ code: string; name: string } | undefined> {
      const h = await Halls.findOne({ code }, { code: 1, name: 1 }).lean().exec();
      return h ? { code: h.code, name: h.name } : undefined;
    },
    async hallNames(): Promise<Map<string, string>> {
      const rows = await Halls.find({}, { code: 1, name: 1 }).lean().exec();
      return new Map(rows.map((r) => [r.code, r.name]));
    },
    async departmentNames(): Promise<Map<string, string>> {
      const rows = await Departments.find({}, { code: 1, name: 1 }).lean().exec();
      return new Map(rows.map((r) => [r.code, r.name]));
    },
  };
}
export type SubjectRepository = ReturnType<typeof createSubjectRepository>;
