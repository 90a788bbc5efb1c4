import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import { ROLES, STAFF_DUTIES } from '@app/shared';

/**
 * People: WeChat users (citizens, enterprise members) and accounts (staff, supervisors, admins).
 * ID numbers and phones are stored encrypted, with a keyed hash for look-ups and a masked copy
 * for display; never in clear.
 */
const userSchema = new Schema(
  {
    role: { type: String, enum: ROLES, required: true },
    status: { type: String, enum: ['active', 'disabled'], required: true, default: 'active' },
    wechatOpenId: { type: String },
    wechatUnionId: { type: String },
    username: { type: String },
    /** Lower-cased username: the unique login key. */
    usernameKey: { type: String },
    passwordHash: { type: String },
    name: { type: String },
    idNumberEnc: { type: String },
    idNumberHash: { type: String },
    idNumberMasked: { type: String },
    phoneEnc: { type: String },
    phoneHash: { type: String },
    phoneMasked: { type: String },
    realNameAt: { type: Date },
    department: { type: String },
    halls: { type: [String], default: [] },
    /** Staff: duties on top of the department (综合咨询, 投诉派单 / 承办 / 回访). */
    duties: { type: [{ type: String, enum: STAFF_DUTIES }], default: [] },
  },
  { timestamps: true, collection: 'users' },
);
userSchema.index({ wechatOpenId: 1 }, { unique: true, sparse: true });
userSchema.index({ wechatUnionId: 1 }, { sparse: true });
userSchema.index({ usernameKey: 1 }, { unique: true, sparse: true });
userSchema.index({ idNumberHash: 1 }, { sparse: true });
userSchema.index({ role: 1, department: 1, createdAt: -1 });

export type UserRecord = InferSchemaType<typeof userSchema> & { _id: import('mongoose').Types.ObjectId };

export function userModel(connection: Connection): Model<UserRecord> {
  return (connection.models.User as Model<UserRecord>) ?? connection.model<UserRecord>('User', userSchema);
}
