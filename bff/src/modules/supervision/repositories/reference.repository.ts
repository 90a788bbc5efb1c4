import type { Connection } from 'mongoose';
import { departmentModel } from '../../catalog/models/department.model';
import { hallModel } from '../../catalog/models/hall.model';
import { serviceItemModel, type ServiceItemRecord } from '../../catalog/models/service-item.model';

/** What the figures need of a service item (read-only view of the catalog's collection). */
export interface ItemRef {
  code: string;
  name: string;
  departmentCode: string;
  departmentName: string;
  level: string;
  maxTrips: number;
  status: string;
  publishedAt?: Date;
  halls: string[];
}

/** Read-only: the catalog's departments, halls and items, for names, filters and the item figures. */
export function createReferenceRepository(connection: Connection) {
  const Departments = departmentModel(connection);
  const Halls = hallModel(connection);
  const Items = serviceItemModel(connection);
  return {
    async departments(): Promise<Map<string, string>> {
      const rows = await Departments.find({}, { code: 1, name: 1 }).lean().exec();
      return new Map(rows.map((d) => [d.code, d.name]));
    },
    async halls(): Promise<Map<string, string>> {
      const rows = await Halls.find({}, { code: 1, name: 1 }).lean().exec();
      return new Map(rows.map((h) => [h.code, h.name]));
    },
    /** Every item (any status): names and departments of what the other modules recorded. */
    async items(): Promise<ItemRef[]> {
      const rows = await Items.find(
        {},
        {
          code: 1,
          name: 1,
          departmentCode: 1,
          departmentName: 1,
          level: 1,
          maxTrips: 1,
          status: 1,
          publishedAt: 1,
          'guide.halls.hallCode': 1,
        },
      )
        .lean<ServiceItemRecord[]>()
        .exec();
      return rows.map((r) => ({
        code: r.code,
        name: r.name,
        departmentCode: r.departmentCode,
        departmentName: r.departmentName,
        level: r.level,
        maxTrips: r.maxTrips,
        status: r.status,
        ...(r.publishedAt ? { publishedAt: r.publishedAt } : {}),
        halls: (r.guide?.halls ?? []).map((h) => h.hallCode),
      }));
    },
  };
}
export type ReferenceRepository = ReturnType<typeof createReferenceRepository>;
