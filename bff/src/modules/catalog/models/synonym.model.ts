import { Schema, type Connection, type Model, type Types } from 'mongoose';

/**
 * 同义词: a term people type (营业执照) and the words the search should also look for (设立登记).
 * City-wide, edited by admins and imported with the catalog; one document per term.
 */
export interface SynonymRecord {
  _id: Types.ObjectId;
  term: string;
  expansions: string[];
  updatedBy?: string;
  createdAt: Date;
  updatedAt: Date;
}

const synonymSchema = new Schema<SynonymRecord>(
  {
    term: { type: String, required: true },
    expansions: { type: [String], required: true },
    updatedBy: String,
  },
  { collection: 'search_synonyms', timestamps: true, versionKey: false },
);
// One entry per term: two admins adding the same term at once get one entry and one 409.
synonymSchema.index({ term: 1 }, { unique: true });

export type SynonymModel = Model<SynonymRecord>;

export function synonymModel(connection: Connection): SynonymModel {
  return (connection.models.Synonym as SynonymModel) ?? connection.model('Synonym', synonymSchema);
}
