import { Schema, type Connection, type Model } from 'mongoose';

export const ITEM_CHANGE_ACTIONS = ['create', 'update', 'publish', 'withdraw'] as const;
export type ItemChangeAction = (typeof ITEM_CHANGE_ACTIONS)[number];

export interface FieldChange {
  field: string;
  before?: unknown;
  after?: unknown;
}

/** 动态调整: every change to an item, kept with who made it, when, and what changed. */
export interface ItemChangeRecord {
  itemCode: string;
  action: ItemChangeAction;
  actor: string;
  at: Date;
  batch?: string;
  source?: string;
  changes: FieldChange[];
}

const itemChangeSchema = new Schema<ItemChangeRecord>(
  {
    itemCode: { type: String, required: true },
    action: { type: String, required: true },
    actor: { type: String, required: true },
    at: { type: Date, required: true },
    batch: String,
    source: String,
    changes: [
      new Schema({ field: String, before: Schema.Types.Mixed, after: Schema.Types.Mixed }, { _id: false }),
    ],
  },
  { collection: 'item_changes', versionKey: false },
);
itemChangeSchema.index({ itemCode: 1, at: -1 });
itemChangeSchema.index({ at: -1 });

export type ItemChangeModel = Model<ItemChangeRecord>;

export function itemChangeModel(connection: Connection): ItemChangeModel {
  return (
    (connection.models.ItemChange as ItemChangeModel) ?? connection.model('ItemChange', itemChangeSchema)
  );
}
