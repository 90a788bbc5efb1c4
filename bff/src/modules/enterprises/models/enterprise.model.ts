import { Schema, Types, type Connection, type InferSchemaType, type Model } from 'mongoose';

/** A company, known by its 统一社会信用代码. `adminUserId` is the first person who bound it. */
const enterpriseSchema = new Schema(
  {
    creditCode: { type: String, required: true },
    name: { type: String, required: true },
    adminUserId: { type: Schema.Types.ObjectId, required: true },
  },
  { timestamps: true, collection: 'enterprises' },
);
enterpriseSchema.index({ creditCode: 1 }, { unique: true });

/** A person acting for an enterprise: the admin member approves the others (pending → active). */
const membershipSchema = new Schema(
  {
    enterpriseId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    role: { type: String, enum: ['admin', 'member'], required: true },
    status: { type: String, enum: ['pending', 'active', 'rejected'], required: true },
    decidedBy: { type: Schema.Types.ObjectId },
    decidedAt: { type: Date },
  },
  { timestamps: true, collection: 'enterprise_memberships' },
);
membershipSchema.index({ enterpriseId: 1, userId: 1 }, { unique: true });
membershipSchema.index({ userId: 1, status: 1 });

export type EnterpriseRecord = InferSchemaType<typeof enterpriseSchema> & { _id: Types.ObjectId };
export type MembershipRecord = InferSchemaType<typeof membershipSchema> & { _id: Types.ObjectId };

export function enterpriseModel(connection: Connection): Model<EnterpriseRecord> {
  return (
    (connection.models.Enterprise as Model<EnterpriseRecord>) ??
    connection.model<EnterpriseRecord>('Enterprise', enterpriseSchema)
  );
}

export function membershipModel(connection: Connection): Model<MembershipRecord> {
  return (
    (connection.models.EnterpriseMembership as Model<MembershipRecord>) ??
    connection.model<MembershipRecord>('EnterpriseMembership', membershipSchema)
  );
}
