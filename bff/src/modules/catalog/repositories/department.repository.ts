import type { Connection } from 'mongoose';
import { departmentModel, type DepartmentRecord } from '../models/department.model';

export function createDepartmentRepository(connection: Connection) {
  const Department = departmentModel(connection);
  return {
    async upsertMany(departments: Array<Pick<DepartmentRecord, 'code' | 'name'>>): Promise<void> {
      if (departments.length === 0) return;
      await Department.bulkWrite(
        departments.map((d) => ({
          updateOne: { filter: { code: d.code }, update: { $set: { name: d.name } }, upsert: true },
        })),
        { ordered: false },
      );
    },

    list(): Promise<Array<Pick<DepartmentRecord, 'code' | 'name'>>> {
      return Department.find({}, { _id: 0, code: 1, name: 1 })
        .sort({ code: 1 })
        .lean<DepartmentRecord[]>()
        .exec();
    },
  };
}
export type DepartmentRepository = ReturnType<typeof createDepartmentRepository>;
