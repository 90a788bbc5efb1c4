import { Schema, Types, type Connection, type InferSchemaType, type Model } from 'mongoose';
import { withOutbox } from '../../notifications';

/**
 * A company, known by its 统一社会信用代码. `adminUserId` is the first person who bound it; the binding
 * grants nothing until hall staff (or an admin) verified it from the uploaded business licence:
 * `status` pending → verified (absent on records from before verification existed: verified).
 */
const enterpriseSchema = new Schema(
  {
    creditCode: { type: String, required: true },
    name: { type: String, required: true },
    adminUserId: { type: Schema.Types.ObjectId, required: true },
    status: { type: String, enum: ['pending', 'verified'] },
    licence: new Schema(
      {
        fileId: { type: Schema.Types.ObjectId, required: true },
        filename: String,
        contentType: String,
        size: Number,
        uploadedAt: Date,
      },
      { _id: false },
    ),
    verifiedBy: { type: Schema.Types.ObjectId },
    verifiedAt: { type: Date },
  },
  { timestamps: true, collection: 'enterprises' },
);
enterpriseSchema.index({ creditCode: 1 }, { unique: true });
enterpriseSchema.index({ status: 1, createdAt: 1 });

/**
 * A person acting for an enterprise: an admin member approves the others (pending → active); a member
 * leaves or an admin removes them (→ removed). A join request notifies the admins through the outbox.
 */
const membershipSchema = new Schema(
  {
    enterpriseId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    role: { type: String, enum: ['admin', 'member'], required: true },
    status: { type: String, enum: ['pending', 'active', 'rejected', 'removed'], required: true },
    decidedBy: { type: Schema.Types.ObjectId },
    decidedAt: { type: Date },
  },
  { timestamps: true, collection: 'enterprise_memberships' },
);
withOutbox(membershipSchema);
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
