import type { Synonym, SynonymInput } from '@app/shared';
import { AppError } from '../../../http/app-error';
import type { SynonymRecord } from '../models/synonym.model';
import type { SynonymRepository } from '../repositories/synonym.repository';
import type { PublicationService } from './publication.service';

export function toSynonym(r: SynonymRecord): Synonym {
  return {
    id: String(r._id),
    term: r.term,
    expansions: r.expansions,
    updatedAt: new Date(r.updatedAt).toISOString(),
    ...(r.updatedBy ? { updatedBy: r.updatedBy } : {}),
  };
}

/** Duplicates and the term itself are dropped: 营业执照 → 营业执照 would find nothing new. */
function normalise(input: SynonymInput): SynonymInput {
  const term = input.term.trim();
  const expansions = Array.from(new Set(input.expansions.map((e) => e.trim()))).filter((e) => e !== term);
  if (expansions.length === 0)
    throw new AppError('VALIDATION_FAILED', '同义词不能与词语本身相同，请填写其他说法');
  return { term, expansions };
}

/**
 * 同义词表 edits (admins). Each write bumps the catalog version like a publication does, so every
 * BFF process rebuilds its snapshot (the synonym index lives there) and no cached page of the old
 * table is served again.
 */
export function createSynonymsService(deps: {
  synonyms: SynonymRepository;
  publication: PublicationService;
}) {
  return {
    async list(): Promise<Synonym[]> {
      return (await deps.synonyms.list()).map(toSynonym);
    },

    async create(input: SynonymInput, actor: string): Promise<Synonym> {
      const created = await deps.synonyms.create({ ...normalise(input), updatedBy: actor });
      if (!created) throw new AppError('SYNONYM_EXISTS');
      await deps.publication.catalogChanged();
      return toSynonym(created);
    },

    async update(id: string, input: SynonymInput, actor: string) {
      const before = await deps.synonyms.findById(id);
      if (!before) throw new AppError('SYNONYM_NOT_FOUND');
      const after = await deps.synonyms.update(id, { ...normalise(input), updatedBy: actor });
      if (after === 'duplicate') throw new AppError('SYNONYM_EXISTS');
      if (!after) throw new AppError('SYNONYM_NOT_FOUND');
      await deps.publication.catalogChanged();
      return { before: toSynonym(before), after: toSynonym(after) };
    },

    async remove(id: string): Promise<Synonym> {
      const removed = await deps.synonyms.deleteById(id);
      if (!removed) throw new AppError('SYNONYM_NOT_FOUND');
      await deps.publication.catalogChanged();
      return toSynonym(removed);
    },
  };
}
export type SynonymsService = ReturnType<typeof createSynonymsService>;
