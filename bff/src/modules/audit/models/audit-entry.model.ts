import { Schema, Types, type Connection, type InferSchemaType, type Model } from 'mongoose';

/** One write by staff, a supervisor or an admin. `before`/`after` are summaries without personal data. */
const auditEntrySchema = new Schema(
  {
    at: { type: Date, required: true },
    actorId: { type: Schema.Types.ObjectId, required: true },
    actorRole: { type: String, required: true },
    action: { type: String, required: true },
    method: { type: String, required: true },
    path: { type: String, required: true },
    target: { type: String },
    before: { type: Schema.Types.Mixed },
    after: { type: Schema.Types.Mixed },
    status: { type: Number, required: true },
    requestId: { type: String },
    // The route's Chinese summary, for entries without a named action (a refused write, say).
    routeLabel: { type: String },
  },
  { collection: 'audit_log', versionKey: false },
);
auditEntrySchema.index({ at: -1 });
auditEntrySchema.index({ actorId: 1, at: -1 });
auditEntrySchema.index({ action: 1, at: -1 });

export type AuditEntryRecord = InferSchemaType<typeof auditEntrySchema> & { _id: Types.ObjectId };

export function auditEntryModel(connection: Connection): Model<AuditEntryRecord> {
  return (
    (connection.models.AuditEntry as Model<AuditEntryRecord>) ??
    connection.model<AuditEntryRecord>('AuditEntry', auditEntrySchema)
  );
}
