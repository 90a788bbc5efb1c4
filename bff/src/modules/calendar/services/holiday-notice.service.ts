import type { HolidayNoticeSummary } from '@app/shared';
import type { HolidayNoticeRepository } from '../repositories/holiday-notice.repository';
import { setHolidayNotices } from './holiday-notices';
import { checkNotice, noticeSummary } from './notice-file';

export interface ImportResult {
  notice: HolidayNoticeSummary;
  /** The notice of the same year it replaced, if any. */
  replaced?: HolidayNoticeSummary;
}

/**
 * Loads the stored notices into memory (holiday-notices.ts) and imports new ones: check (schema and
 * law), store (one document per year, replaced), reload this process, then `announce` so that the
 * other BFF processes reload too (calendar.runtime.ts, a Redis channel).
 */
export function createHolidayNoticeService(deps: {
  repo: HolidayNoticeRepository;
  announce?: () => Promise<void>;
}) {
  async function load(): Promise<number> {
    const notices = await deps.repo.listAll();
    setHolidayNotices(notices);
    return notices.length;
  }
  return {
    load,
    async importNotice(input: unknown, importedBy: string): Promise<ImportResult> {
      const notice = checkNotice(input);
      const record = {
        year: notice.year,
        ...(notice.title ? { title: notice.title } : {}),
        days: [...notice.days].sort((a, b) => (a.date < b.date ? -1 : 1)),
        importedBy,
        importedAt: new Date(),
      };
      const replaced = await deps.repo.replace(record);
      await load();
      await deps.announce?.();
      return { notice: noticeSummary(record), ...(replaced ? { replaced: noticeSummary(replaced) } : {}) };
    },
    async list(): Promise<HolidayNoticeSummary[]> {
      return (await deps.repo.listAll()).map(noticeSummary);
    },
  };
}
export type HolidayNoticeService = ReturnType<typeof createHolidayNoticeService>;
