import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { FaqStatus } from '@app/shared';

/** A FAQ entry (常见问题): general text written by staff, attached to items and departments. */
export interface FaqEntryRecord {
  _id: Types.ObjectId;
  question: string;
  answer: string;
  items: string[];
  departments: string[];
  status: FaqStatus;
  /** Search keys computed on write (lower-case text, pinyin syllables, initials). */
  search: { text: string; pinyin: string; initials: string };
  sourceConsultationId?: string;
  createdBy: string;
  updatedBy?: string;
  publishedAt?: Date;
  views: number;
  helpful: number;
  notHelpful: number;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const faqSchema = new Schema<FaqEntryRecord>(
  {
    question: { type: String, required: true },
    answer: { type: String, required: true },
    items: { type: [String], default: [] },
    departments: { type: [String], default: [] },
    status: { type: String, required: true },
    search: { text: String, pinyin: String, initials: String },
    sourceConsultationId: String,
    createdBy: { type: String, required: true },
    updatedBy: String,
    publishedAt: Date,
    views: { type: Number, default: 0 },
    helpful: { type: Number, default: 0 },
    notHelpful: { type: Number, default: 0 },
    version: { type: Number, default: 0 },
  },
  { collection: 'faq_entries', timestamps: true, versionKey: false, minimize: false },
);
faqSchema.index({ status: 1 });
faqSchema.index({ items: 1 });
faqSchema.index({ departments: 1 });

export function faqEntryModel(connection: Connection): Model<FaqEntryRecord> {
  return (
    (connection.models.FaqEntry as Model<FaqEntryRecord>) ??
    connection.model<FaqEntryRecord>('FaqEntry', faqSchema)
  );
}

/** One vote per person per entry (unique index). */
export interface FaqVoteRecord {
  faqId: string;
  userId: string;
  helpful: boolean;
  at: Date;
}

const voteSchema = new Schema<FaqVoteRecord>(
  {
    faqId: { type: String, required: true },
    userId: { type: String, required: true },
    helpful: { type: Boolean, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'faq_votes', versionKey: false },
);
voteSchema.index({ faqId: 1, userId: 1 }, { unique: true });

export function faqVoteModel(connection: Connection): Model<FaqVoteRecord> {
  return (
    (connection.models.FaqVote as Model<FaqVoteRecord>) ??
    connection.model<FaqVoteRecord>('FaqVote', voteSchema)
  );
}

/** A person stopped before sending a consultation because a suggestion answered them. */
export interface FaqDeflectionRecord {
  at: Date;
  userId?: string;
  faqId?: string;
  itemCode?: string;
}

const deflectionSchema = new Schema<FaqDeflectionRecord>(
  { at: { type: Date, required: true }, userId: String, faqId: String, itemCode: String },
  { collection: 'faq_deflections', versionKey: false },
);
deflectionSchema.index({ at: -1 });

export function faqDeflectionModel(connection: Connection): Model<FaqDeflectionRecord> {
  return (
    (connection.models.FaqDeflection as Model<FaqDeflectionRecord>) ??
    connection.model<FaqDeflectionRecord>('FaqDeflection', deflectionSchema)
  );
}
