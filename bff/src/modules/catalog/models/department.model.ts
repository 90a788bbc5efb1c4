import { Schema, type Connection, type Model } from 'mongoose';

export interface DepartmentRecord {
  code: string;
  name: string;
  createdAt: Date;
  updatedAt: Date;
}

const departmentSchema = new Schema<DepartmentRecord>(
  {
    code: { type: String, required: true },
    name: { type: String, required: true },
  },
  { collection: 'departments', timestamps: true, versionKey: false },
);
departmentSchema.index({ code: 1 }, { unique: true });

export type DepartmentModel = Model<DepartmentRecord>;

export function departmentModel(connection: Connection): DepartmentModel {
  return (
    (connection.models.Department as DepartmentModel) ?? connection.model('Department', departmentSchema)
  );
}
