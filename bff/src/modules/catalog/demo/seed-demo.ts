import path from 'node:path';
import { REPO_ROOT } from '../../../config/config';
import type { Logger } from '../../../infra/logger';
import { createCatalog, type Catalog, type CatalogDeps } from '../catalog.module';
import type { ImportOptions, ImportReport } from '../services/import/import.service';
import { readImportFile } from '../services/import/read-table';
import { writeItemsWorkbook } from '../services/import/write-table';
import { demoPopularity, generateDemoItems } from './demo-catalog';
import { DEMO_THEMES, demoHalls } from './demo-reference';
import { DEMO_SYNONYMS } from './demo-synonyms';

export const DEFAULT_DEMO_FILE = path.join(REPO_ROOT, '.data', 'demo-items.xlsx');

/** 分批公布: three dated batches; the last few items stay drafts, as in a real catalogue. */
export const DEMO_BATCHES = [
  { name: '第一批（2018年6月）', date: '2018-06-30', share: 0.6 },
  { name: '第二批（2018年9月）', date: '2018-09-30', share: 0.3 },
  { name: '第三批（2018年12月）', date: '2018-12-28', share: 0.095 },
];

export interface SeedResult {
  file: string;
  import: ImportReport;
  published: number;
  drafts: number;
  ms: number;
}

/**
 * Halls and themes first (rows point to them), then the items as a real spreadsheet through the
 * one importer, then publication in dated batches and demo popularity. Deterministic and
 * idempotent: a second run reports everything unchanged.
 */
export async function seedDemoCatalog(
  catalog: Catalog,
  options: { file?: string; onProgress?: ImportOptions['onProgress'] } = {},
): Promise<SeedResult> {
  const started = Date.now();
  const file = options.file ?? DEFAULT_DEMO_FILE;
  const items = generateDemoItems();
  await catalog.reference.upsert({
    halls: demoHalls(),
    themes: DEMO_THEMES.map(({ keywords: _k, ...theme }) => theme),
  });
  await writeItemsWorkbook(file, items, DEMO_SYNONYMS);
  const tables = await readImportFile(file);
  const popularity = demoPopularity(items);
  const source = path.basename(file);
  const total: ImportReport = {
    source,
    format: 'xlsx',
    rows: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    published: 0,
    written: true,
    issues: [],
  };
  let published = 0;
  let offset = 0;
  // Consecutive slices of the one spreadsheet: three dated batches, the rest stays draft.
  const slices = [
    ...DEMO_BATCHES.map((b) => ({ ...b, count: Math.round(items.length * b.share) })),
    { name: undefined, date: undefined, count: Infinity },
  ];
  for (const slice of slices) {
    const rows = tables.items.slice(offset, offset + slice.count);
    offset += rows.length;
    if (rows.length === 0) continue;
    const codes = new Set(rows.map((r) => r.cells.code));
    const report = await catalog.importer.importTables(
      {
        format: 'xlsx',
        items: rows,
        materials: tables.materials?.filter((m) => codes.has(m.cells.itemCode)),
      },
      source,
      {
        actor: 'seed:demo',
        publish: slice.name !== undefined,
        batch: slice.name,
        publishedAt: slice.date ? new Date(`${slice.date}T09:00:00+08:00`) : undefined,
        initialPopularity: popularity,
        onProgress: options.onProgress,
      },
    );
    if (slice.name) published += rows.length - report.rejected;
    for (const key of ['rows', 'created', 'updated', 'unchanged', 'rejected'] as const)
      total[key] += report[key];
    total.published += report.published;
    total.issues.push(...report.issues);
  }
  // The 同义词 sheet of the same workbook, through the same importer.
  const synonyms = await catalog.importer.importTables(
    { format: 'xlsx', items: [], synonyms: tables.synonyms },
    source,
    { actor: 'seed:demo' },
  );
  total.synonyms = synonyms.synonyms;
  total.issues.push(...synonyms.issues);
  const report = total;
  return {
    file,
    import: report,
    published,
    drafts: items.length - published - report.rejected,
    ms: Date.now() - started,
  };
}

/** `npm start` on an empty database gets the demo catalogue (bootstrap calls this outside tests). */
export async function seedDemoCatalogIfEmpty(
  deps: CatalogDeps & { logger: Logger; config?: { isProduction: boolean } },
): Promise<SeedResult | undefined> {
  const catalog = createCatalog(deps);
  if (!(await catalog.repos.items.isEmpty())) return undefined;
  if (deps.config?.isProduction) {
    // Production never gets invented items: it starts empty and says how to load the real list.
    deps.logger.warn(
      'catalog: the database has no service items. Production never seeds demo data; import the ' +
        "city's list with `npm run import:items -- FILE.xlsx --publish` (format: bff/src/modules/catalog/README.md)",
    );
    return undefined;
  }
  deps.logger.info('catalog: empty database, seeding the demo catalogue (4,505 items) and its synonyms');
  const result = await seedDemoCatalog(catalog);
  deps.logger.info(
    { created: result.import.created, published: result.published, ms: result.ms },
    `catalog: demo catalogue seeded in ${result.ms} ms`,
  );
  return result;
}
