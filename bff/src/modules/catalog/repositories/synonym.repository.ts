import { Types, type Connection } from 'mongoose';
import { synonymModel, type SynonymRecord } from '../models/synonym.model';

const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;

export function createSynonymRepository(connection: Connection) {
  const Synonym = synonymModel(connection);
  const byId = (id: string) => ({ _id: new Types.ObjectId(id) });

  return {
    model: Synonym,

    list(): Promise<SynonymRecord[]> {
      return Synonym.find({}).sort({ term: 1 }).lean<SynonymRecord[]>().exec();
    },

    findById(id: string): Promise<SynonymRecord | null> {
      return Synonym.findOne(byId(id)).lean<SynonymRecord>().exec();
    },

    /** Undefined when the term exists already (unique index: safe against two requests at once). */
    async create(input: { term: string; expansions: string[]; updatedBy?: string }) {
      try {
        const doc = await Synonym.create(input);
        return doc.toObject() as SynonymRecord;
      } catch (err) {
        if (isDuplicateKey(err)) return undefined;
        throw err;
      }
    },

    /** 'duplicate' when the new term belongs to another entry; null when the entry is gone. */
    async update(
      id: string,
      input: { term: string; expansions: string[]; updatedBy?: string },
    ): Promise<SynonymRecord | null | 'duplicate'> {
      try {
        return await Synonym.findOneAndUpdate(byId(id), { $set: input }, { new: true })
          .lean<SynonymRecord>()
          .exec();
      } catch (err) {
        if (isDuplicateKey(err)) return 'duplicate';
        throw err;
      }
    },

    deleteById(id: string): Promise<SynonymRecord | null> {
      return Synonym.findOneAndDelete(byId(id)).lean<SynonymRecord>().exec();
    },

    /** Import: one upsert per term (each entry written whole); other terms are left alone. */
    async upsertMany(entries: Array<{ term: string; expansions: string[] }>, updatedBy: string) {
      if (entries.length === 0) return;
      const now = new Date();
      await Synonym.collection.bulkWrite(
        entries.map((e) => ({
          updateOne: {
            filter: { term: e.term },
            update: {
              $set: { expansions: e.expansions, updatedBy, updatedAt: now },
              $setOnInsert: { createdAt: now },
            },
            upsert: true,
          },
        })),
        { ordered: false },
      );
    },
  };
}
export type SynonymRepository = ReturnType<typeof createSynonymRepository>;
