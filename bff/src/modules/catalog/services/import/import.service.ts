import path from 'node:path';
import { AppError } from '../../../../http/app-error';
import type { ItemChangeRecord } from '../../models/item-change.model';
import type { DepartmentRepository } from '../../repositories/department.repository';
import type { HallRepository } from '../../repositories/hall.repository';
import type { ItemChangeRepository } from '../../repositories/item-change.repository';
import type { ItemContent, ServiceItemRepository } from '../../repositories/service-item.repository';
import type { SynonymRepository } from '../../repositories/synonym.repository';
import type { ThemeRepository } from '../../repositories/theme.repository';
import { diffContent, toItemContent } from '../item-content';
import type { PublicationService } from '../publication.service';
import { readImportFile, type ImportTables } from './read-table';
import { validateImport, validateSynonyms, type ImportIssue, type ImportReferences } from './validate-rows';

export interface ImportOptions {
  /** Publish every valid item of the file in this batch (drafts only; published ones stay as they are). */
  publish?: boolean;
  batch?: string;
  publishedAt?: Date;
  actor?: string;
  /** Refuse the whole file when any row is wrong (default: write the valid rows, report the rest). */
  allOrNothing?: boolean;
  /** Initial view counts for items this import creates (demo data, migrations). */
  initialPopularity?: Map<string, number>;
  onProgress?: (event: { phase: 'write'; done: number; total: number }) => void;
}

export interface ImportReport {
  source: string;
  format: 'xlsx' | 'csv';
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  published: number;
  batch?: string;
  /** 同义词 rows (sheet or CSV): terms written (new or changed), unchanged, refused. */
  synonyms?: { written: number; unchanged: number; rejected: number };
  /** False when allOrNothing refused the file. */
  written: boolean;
  issues: ImportIssue[];
}

export interface ImportDeps {
  items: ServiceItemRepository;
  departments: DepartmentRepository;
  halls: HallRepository;
  themes: ThemeRepository;
  changes: ItemChangeRepository;
  synonyms: SynonymRepository;
  publication: PublicationService;
}

async function loadReferences(deps: ImportDeps): Promise<ImportReferences> {
  const [halls, themes] = await Promise.all([deps.halls.list(), deps.themes.list()]);
  return {
    halls: new Map(halls.map((h) => [h.code, new Set(h.windows.map((w) => w.code))])),
    themes: new Set(themes.map((t) => t.code)),
  };
}

async function existingHashes(items: ServiceItemRepository, codes: string[]): Promise<Map<string, string>> {
  return new Map((await items.findStates(codes)).map((s) => [s.code, s.contentHash]));
}

async function changeEntries(
  deps: ImportDeps,
  created: ItemContent[],
  updated: ItemContent[],
  actor: string,
  source: string,
) {
  const at = new Date();
  const entries: ItemChangeRecord[] = created.map((c) => ({
    itemCode: c.code,
    action: 'create',
    actor,
    at,
    source,
    changes: [],
  }));
  const before = new Map((await deps.items.findByCodes(updated.map((c) => c.code))).map((b) => [b.code, b]));
  for (const after of updated) {
    const old = before.get(after.code);
    entries.push({
      itemCode: after.code,
      action: 'update',
      actor,
      at,
      source,
      changes: old ? diffContent(old, after) : [],
    });
  }
  return entries;
}

/**
 * The one importer (CLI, demo seed and tests use it): validate every row first, then write each
 * valid item as one single-document upsert with its guide embedded, so an item is stored whole or
 * not at all. Items whose content hash is unchanged are not touched: a re-run changes nothing.
 */
export function createImportService(deps: ImportDeps) {
  /**
   * The 同义词 rows: each term is one upsert (its expansions replaced); terms not in the file stay.
   * Returns whether anything changed, so the caller bumps the catalog version once.
   */
  async function importSynonyms(
    tables: ImportTables,
    report: ImportReport,
    options: ImportOptions,
  ): Promise<boolean> {
    if (!tables.synonyms) return false;
    const { synonyms, issues } = validateSynonyms(tables.synonyms);
    report.issues.push(...issues);
    const stored = new Map((await deps.synonyms.list()).map((s) => [s.term, s.expansions.join('、')]));
    const changed = synonyms.filter((s) => stored.get(s.term) !== s.expansions.join('、'));
    report.synonyms = {
      written: changed.length,
      unchanged: synonyms.length - changed.length,
      rejected: issues.length,
    };
    if (options.allOrNothing && report.issues.length > 0) return false;
    await deps.synonyms.upsertMany(changed, options.actor ?? 'import');
    return changed.length > 0;
  }

  async function importTables(
    tables: ImportTables,
    source: string,
    options: ImportOptions = {},
  ): Promise<ImportReport> {
    const actor = options.actor ?? 'import';
    if (tables.items.length === 0 && tables.synonyms) {
      // A synonyms-only file (CSV 词语,同义词 or a workbook with only the 同义词 sheet).
      const report = emptyReport(source, tables.format);
      if (await importSynonyms(tables, report, options)) await deps.publication.catalogChanged();
      report.written = !(options.allOrNothing && report.issues.length > 0);
      return report;
    }
    const refs = await loadReferences(deps);
    if (refs.halls.size === 0) {
      // Otherwise every row would be refused one by one for the same reason.
      throw new AppError(
        'IMPORT_INVALID_FILE',
        '尚未配置政务服务大厅和主题（参考数据），无法校验“办理地点”：请先运行 npm run seed:demo 或载入大厅数据',
      );
    }
    const validation = validateImport(tables, refs);
    const report: ImportReport = {
      source,
      format: tables.format,
      rows: tables.items.length,
      created: 0,
      updated: 0,
      unchanged: 0,
      rejected: validation.rejectedRows,
      published: 0,
      written: false,
      issues: validation.issues,
      ...(options.publish ? { batch: options.batch ?? defaultBatch(options.publishedAt) } : {}),
    };
    const synonymsChanged = await importSynonyms(tables, report, options);
    if (options.allOrNothing && report.issues.length > 0) return report;

    const contents = validation.items.map(toItemContent);
    const hashes = await existingHashes(
      deps.items,
      contents.map((c) => c.code),
    );
    const created = contents.filter((c) => !hashes.has(c.code));
    const updated = contents.filter((c) => hashes.has(c.code) && hashes.get(c.code) !== c.contentHash);
    report.created = created.length;
    report.updated = updated.length;
    report.unchanged = contents.length - created.length - updated.length;

    // Diff against the stored versions before overwriting them.
    const log = await changeEntries(deps, created, updated, actor, source);
    const departments = new Map(contents.map((c) => [c.departmentCode, c.departmentName]));
    await deps.departments.upsertMany(Array.from(departments, ([code, name]) => ({ code, name })));
    const toWrite = [...created, ...updated];
    const publishedAt = options.publishedAt ?? new Date();
    let done = 0;
    options.onProgress?.({ phase: 'write', done, total: toWrite.length });
    await deps.items.upsertContents(toWrite, {
      // New items of a publishing import are created published: one write each, never a draft in between.
      ...(report.batch
        ? { insertAs: { status: 'published' as const, batch: report.batch, publishedAt } }
        : {}),
      initialPopularity: options.initialPopularity,
      onBatch: (n) => {
        done += n;
        options.onProgress?.({ phase: 'write', done, total: toWrite.length });
      },
    });
    if (report.batch)
      log.push(...created.map((c) => publishEntry(c.code, actor, source, report.batch!, publishedAt)));
    await deps.changes.insertMany(log);
    report.written = true;

    if (report.batch) {
      // Items that existed already: drafts among them are published now, published ones stay.
      const createdCodes = new Set(created.map((c) => c.code));
      const result = await deps.publication.publish({
        codes: contents.filter((c) => !createdCodes.has(c.code)).map((c) => c.code),
        batch: report.batch,
        publishedAt,
        actor,
        source,
      });
      report.published = created.length + result.published.length;
    }
    // Publishing bumps the version itself; content changes to published items need it too.
    if (toWrite.length > 0 || synonymsChanged) await deps.publication.catalogChanged();
    return report;
  }

  return {
    importTables,
    async importFile(file: string, options: ImportOptions = {}): Promise<ImportReport> {
      return importTables(await readImportFile(file), path.basename(file), options);
    },
  };
}
export type ImportService = ReturnType<typeof createImportService>;

function publishEntry(
  itemCode: string,
  actor: string,
  source: string,
  batch: string,
  publishedAt: Date,
): ItemChangeRecord {
  return {
    itemCode,
    action: 'publish',
    actor,
    at: new Date(),
    batch,
    source,
    changes: [
      { field: 'status', before: 'draft', after: 'published' },
      { field: 'publishedAt', after: publishedAt.toISOString() },
    ],
  };
}

function emptyReport(source: string, format: ImportReport['format']): ImportReport {
  return {
    source,
    format,
    rows: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    published: 0,
    written: false,
    issues: [],
  };
}

function defaultBatch(date = new Date()): string {
  return `${date.toISOString().slice(0, 10)} 批次`;
}
