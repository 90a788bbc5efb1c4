import type { Model } from 'mongoose';

export interface PageOptions {
  sort: Record<string, 1 | -1>;
  skip: number;
  limit: number;
}

/**
 * One page of the records that match `filter`, without the fields `omit` names (long histories a
 * list does not show), and how many match in all.
 */
export async function findPage<T>(
  model: Model<T>,
  filter: Record<string, unknown>,
  omit: Record<string, 0>,
  options: PageOptions,
): Promise<{ items: T[]; total: number }> {
  const [items, total] = await Promise.all([
    model.find(filter, omit).sort(options.sort).skip(options.skip).limit(options.limit).lean<T[]>().exec(),
    model.countDocuments(filter).exec(),
  ]);
  return { items, total };
}
