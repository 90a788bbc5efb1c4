import type { Logger } from '../../../infra/logger';
import type { ItemChangeRecord } from '../models/item-change.model';
import type { ItemChangeRepository } from '../repositories/item-change.repository';
import type { ServiceItemRepository } from '../repositories/service-item.repository';
import type { SnapshotStore } from './catalog-snapshot';
import type { CatalogVersion } from './catalog-version';

export interface PublicationDeps {
  logger: Logger;
  items: ServiceItemRepository;
  changes: ItemChangeRepository;
  version: CatalogVersion;
  snapshots: SnapshotStore;
}

export interface PublishResult {
  batch: string;
  publishedAt: string;
  published: string[];
  alreadyPublished: string[];
  notFound: string[];
}

async function states(items: ServiceItemRepository, codes: string[]) {
  return new Map((await items.findStates(codes)).map((s) => [s.code, s.status]));
}

/**
 * 分批公布 and 动态调整: items are drafts until a batch publishes them; a batch has a name and a date.
 * Every state change is kept in the change log. The public sees a change once the catalog version
 * moves, which happens right after the write.
 */
export function createPublicationService(deps: PublicationDeps) {
  async function catalogChanged() {
    deps.snapshots.invalidate();
    try {
      await deps.version.bump();
    } catch (err) {
      // The write stands; other instances catch up when their snapshots age out.
      deps.logger.warn({ err }, 'catalog: could not bump the catalog version in Redis');
    }
  }

  return {
    catalogChanged,

    async publish(input: {
      codes: string[];
      batch: string;
      publishedAt?: Date;
      actor: string;
      source?: string;
    }): Promise<PublishResult> {
      const publishedAt = input.publishedAt ?? new Date();
      const unique = Array.from(new Set(input.codes));
      const found = await states(deps.items, unique);
      const drafts = unique.filter((c) => found.get(c) === 'draft');
      await deps.items.setPublished(drafts, input.batch, publishedAt);
      const log: ItemChangeRecord[] = drafts.map((itemCode) => ({
        itemCode,
        action: 'publish',
        actor: input.actor,
        at: new Date(),
        batch: input.batch,
        ...(input.source ? { source: input.source } : {}),
        changes: [
          { field: 'status', before: 'draft', after: 'published' },
          { field: 'publishedAt', after: publishedAt.toISOString() },
        ],
      }));
      await deps.changes.insertMany(log);
      if (drafts.length > 0) await catalogChanged();
      return {
        batch: input.batch,
        publishedAt: publishedAt.toISOString(),
        published: drafts,
        alreadyPublished: unique.filter((c) => found.get(c) === 'published'),
        notFound: unique.filter((c) => !found.has(c)),
      };
    },

    /** Takes items off the public list (back to draft), e.g. an item the city stops offering. */
    async withdraw(input: { codes: string[]; actor: string; reason: string }) {
      const unique = Array.from(new Set(input.codes));
      const found = await states(deps.items, unique);
      const published = unique.filter((c) => found.get(c) === 'published');
      await deps.items.setDraft(published);
      await deps.changes.insertMany(
        published.map((itemCode) => ({
          itemCode,
          action: 'withdraw' as const,
          actor: input.actor,
          at: new Date(),
          changes: [
            { field: 'status', before: 'published', after: 'draft' },
            { field: 'reason', after: input.reason },
          ],
        })),
      );
      if (published.length > 0) await catalogChanged();
      return {
        withdrawn: published,
        notPublished: unique.filter((c) => found.get(c) === 'draft'),
        notFound: unique.filter((c) => !found.has(c)),
      };
    },

    history(code: string) {
      return deps.changes.listForItem(code);
    },
  };
}
export type PublicationService = ReturnType<typeof createPublicationService>;
