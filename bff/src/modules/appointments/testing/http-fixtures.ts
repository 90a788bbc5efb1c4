import { randomBytes } from 'node:crypto';
import type { Guide, WindowType } from '@app/shared';
import { Types } from 'mongoose';
import type { AppDeps } from '../../../app-deps';
import { identityOf } from '../../auth/identity';
import { makeIdNumber, signedIn, type PersonOptions } from '../../auth/testing/identity-fixtures';
import { chinaDateTime } from '../../calendar';
import { createCatalog } from '../../catalog/catalog.module';
import { demoHalls } from '../../catalog/demo/demo-reference';
import { createServiceItemRepository } from '../../catalog/repositories/service-item.repository';
import { toItemContent } from '../../catalog/services/item-content';
import { fixtureItem } from '../../catalog/testing/fixtures';
import { createBookingRepository, type Booking } from '../repositories/booking.repository';
import { newBookingCode } from '../services/booking-code';
import { registerAppointmentModels } from '../models';

/**
 * A signed-in person who completed 实名信息 (through the users service, as `PUT /api/me/profile`
 * does): booking a window needs it unless the hall waived it.
 */
export async function verifiedPerson(
  deps: AppDeps,
  role: 'citizen' | 'enterprise' = 'citizen',
  options: PersonOptions & { name?: string } = {},
) {
  const person = await signedIn(deps, role, options);
  await identityOf(deps).userService.setRealNameProfile(person.user.id, {
    name: options.name ?? '王预约',
    idNumber: makeIdNumber('19880512', String(100 + Math.floor(Math.random() * 800))),
    phone: '13912345678',
  });
  return person;
}

/** Publishes an item straight into the catalog store (bookable at the given halls' 综合受理 windows). */
export async function publishBookableItem(
  deps: AppDeps,
  options: { code?: string; name?: string; halls?: Guide['halls'] } = {},
): Promise<string> {
  const code = options.code ?? `JX-AP${randomBytes(3).toString('hex').toUpperCase()}-0001`;
  const item = fixtureItem({
    code,
    name: options.name ?? '户口迁入（投靠）',
    departmentCode: 'GA',
    departmentName: '市公安局',
    guide: { halls: options.halls ?? [{ hallCode: 'HALL-SZ', windows: ['ZH01'] }] },
  });
  await createServiceItemRepository(deps.mongo.connection).upsertContents(
    [toItemContent({ ...item, row: 0 })],
    {
      insertAs: { status: 'published', batch: 'test', publishedAt: new Date() },
    },
  );
  return code;
}

/** The demo halls (names, addresses, windows) in the catalog. */
export async function loadDemoHalls(deps: AppDeps): Promise<void> {
  await createCatalog(deps).reference.upsert({ halls: demoHalls() });
}

/**
 * A booking written straight to the store (no seat, no clock): for access tests that only need a
 * record with an owner and a hall.
 */
export async function insertBooking(
  deps: AppDeps,
  over: {
    personId: string;
    hallCode?: string;
    itemCode?: string;
    date?: string;
    start?: string;
    windowType?: WindowType;
  },
): Promise<Booking> {
  registerAppointmentModels(deps.mongo.connection);
  const repo = createBookingRepository(deps.mongo.connection);
  const date = over.date ?? '2026-10-13';
  const start = over.start ?? '09:00';
  const hallCode = over.hallCode ?? 'HALL-SZ';
  const windowType = over.windowType ?? '综合受理';
  const result = await repo.insert({
    code: newBookingCode(),
    personId: over.personId,
    itemCode: over.itemCode ?? 'JX-GA-0001',
    hallCode,
    windowType,
    date,
    start,
    end: '09:30',
    slotId: `${hallCode}:${date}:A:${start.replace(':', '')}`,
    slotStartsAt: chinaDateTime(date, start),
    slotEndsAt: chinaDateTime(date, '09:30'),
    status: 'booked',
    idemKey: `${over.personId}|fixture-${new Types.ObjectId().toHexString()}`,
    createdAt: new Date(),
  });
  if (!result.ok) throw new Error(`fixture booking not inserted: ${result.conflict}`);
  return result.booking;
}
