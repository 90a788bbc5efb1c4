import { Schema, type Connection, type Model } from 'mongoose';
import type { Guide, ItemKind, ItemLevel, ItemStatus } from '@app/shared';

/**
 * Search keys computed once when an item is written (import, publish), so a query never runs the
 * pinyin converter: `pinyin` is the syllables joined by spaces (boundaries matter for partial
 * pinyin), `initials` one letter per syllable.
 */
export interface ItemSearchKeys {
  name: string;
  pinyin: string;
  initials: string;
  departmentPinyin: string;
  departmentInitials: string;
  /** Per alias (same order as `aliases`), absent when the item has none. */
  aliasPinyin?: string[];
  aliasInitials?: string[];
}

export interface ServiceItemRecord {
  code: string;
  name: string;
  departmentCode: string;
  departmentName: string;
  kind: ItemKind;
  level: ItemLevel;
  maxTrips: number;
  tripsReason?: string;
  onlineCapable: boolean;
  themes: string[];
  /** 俗称 / 别名: what people call the item (营业执照), matched by search and shown on the guide. */
  aliases?: string[];
  guide: Guide;
  status: ItemStatus;
  publishedAt?: Date;
  batch?: string;
  popularity: number;
  search: ItemSearchKeys;
  /** Hash of the imported content: an identical re-import is recognised without a field diff. */
  contentHash: string;
  createdAt: Date;
  updatedAt: Date;
}

const materialSchema = new Schema(
  {
    name: { type: String, required: true },
    form: { type: String, required: true },
    count: { type: Number, required: true },
    requirement: { type: String, required: true },
    note: String,
  },
  { _id: false },
);

const guideSchema = new Schema(
  {
    conditions: [String],
    materials: [materialSchema],
    steps: [new Schema({ title: String, description: String }, { _id: false })],
    legalLimitDays: Number,
    promisedLimitDays: Number,
    fees: String,
    halls: [new Schema({ hallCode: String, windows: [String] }, { _id: false })],
    phone: String,
    legalBasis: String,
  },
  { _id: false },
);

const serviceItemSchema = new Schema<ServiceItemRecord>(
  {
    code: { type: String, required: true },
    name: { type: String, required: true },
    departmentCode: { type: String, required: true },
    departmentName: { type: String, required: true },
    kind: { type: String, required: true },
    level: { type: String, required: true },
    maxTrips: { type: Number, required: true },
    tripsReason: String,
    onlineCapable: { type: Boolean, required: true },
    themes: [String],
    aliases: { type: [String], default: undefined },
    guide: { type: guideSchema, required: true },
    status: { type: String, required: true, default: 'draft' },
    publishedAt: Date,
    batch: String,
    popularity: { type: Number, default: 0 },
    search: {
      name: String,
      pinyin: String,
      initials: String,
      departmentPinyin: String,
      departmentInitials: String,
      aliasPinyin: { type: [String], default: undefined },
      aliasInitials: { type: [String], default: undefined },
    },
    contentHash: { type: String, required: true },
  },
  { collection: 'service_items', timestamps: true, versionKey: false },
);

serviceItemSchema.index({ code: 1 }, { unique: true });
// Public lists and the in-process index read published items only.
serviceItemSchema.index({ status: 1, departmentCode: 1 });
serviceItemSchema.index({ status: 1, popularity: -1 });

export type ServiceItemModel = Model<ServiceItemRecord>;

export function serviceItemModel(connection: Connection): ServiceItemModel {
  return (
    (connection.models.ServiceItem as ServiceItemModel) ?? connection.model('ServiceItem', serviceItemSchema)
  );
}
