import fs from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { MATERIAL_REQUIREMENT_LABELS, type Material } from '@app/shared';
import {
  ITEM_COLUMNS,
  ITEM_SHEET,
  MATERIAL_COLUMNS,
  MATERIAL_SHEET,
  SYNONYM_COLUMNS,
  SYNONYM_SHEET,
  type ItemColumn,
} from './columns';
import { toCsv } from './csv';
import type { ValidItem, ValidSynonym } from './validate-rows';

export type ItemForSheet = Omit<ValidItem, 'row'>;

/** One item as the cells of an 事项 row: the exact inverse of what the validator accepts. */
export function itemToCells(item: ItemForSheet, withMaterialsCell: boolean): Record<ItemColumn, string> {
  const g = item.guide;
  return {
    code: item.code,
    name: item.name,
    departmentCode: item.departmentCode,
    departmentName: item.departmentName,
    kind: item.kind,
    level: item.level,
    maxTrips: String(item.maxTrips),
    tripsReason: item.tripsReason ?? '',
    onlineCapable: item.onlineCapable ? '是' : '否',
    legalLimitDays: String(g.legalLimitDays),
    promisedLimitDays: String(g.promisedLimitDays),
    fees: g.fees,
    halls: g.halls.map((h) => `${h.hallCode}:${h.windows.join(',')}`).join('；'),
    phone: g.phone,
    conditions: g.conditions.join('\n'),
    steps: g.steps.map((s) => (s.description ? `${s.title}：${s.description}` : s.title)).join('\n'),
    legalBasis: g.legalBasis ?? '',
    themes: item.themes.join(','),
    aliases: (item.aliases ?? []).join('、'),
    materials: withMaterialsCell ? g.materials.map(materialCell).join('\n') : '',
  };
}

export function materialCell(m: Material): string {
  return [m.name, m.form, String(m.count), MATERIAL_REQUIREMENT_LABELS[m.requirement], m.note ?? ''].join(
    '|',
  );
}

const itemKeys = (withMaterialsCell: boolean) =>
  (Object.keys(ITEM_COLUMNS) as ItemColumn[]).filter((k) => withMaterialsCell || k !== 'materials');

/** Writes items as an import workbook: 事项 sheet plus a 材料 sheet (one row per material), and a 同义词 sheet when given. */
export async function writeItemsWorkbook(
  file: string,
  items: ItemForSheet[],
  synonyms: ValidSynonym[] = [],
): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  // The streaming writer keeps ~25,000 rows cheap in time and memory.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useStyles: false,
    useSharedStrings: false,
  });
  const keys = itemKeys(false);
  const itemSheet = workbook.addWorksheet(ITEM_SHEET);
  itemSheet.addRow(keys.map((k) => ITEM_COLUMNS[k].header)).commit();
  for (const item of items) {
    const cells = itemToCells(item, false);
    itemSheet.addRow(keys.map((k) => cells[k])).commit();
  }
  itemSheet.commit();
  const materialSheet = workbook.addWorksheet(MATERIAL_SHEET);
  materialSheet.addRow(Object.values(MATERIAL_COLUMNS).map((c) => c.header)).commit();
  for (const item of items) {
    for (const m of item.guide.materials) {
      materialSheet
        .addRow([
          item.code,
          m.name,
          m.form,
          String(m.count),
          MATERIAL_REQUIREMENT_LABELS[m.requirement],
          m.note ?? '',
        ])
        .commit();
    }
  }
  materialSheet.commit();
  if (synonyms.length > 0) {
    const synonymSheet = workbook.addWorksheet(SYNONYM_SHEET);
    synonymSheet.addRow(Object.values(SYNONYM_COLUMNS).map((c) => c.header)).commit();
    for (const s of synonyms) synonymSheet.addRow([s.term, s.expansions.join('、')]).commit();
    synonymSheet.commit();
  }
  await workbook.commit();
}

/** The same items as one CSV (materials in the 申请材料 cell). */
export async function writeItemsCsv(file: string, items: ItemForSheet[]): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const keys = itemKeys(true);
  const records = [
    keys.map((k) => ITEM_COLUMNS[k].header),
    ...items.map((i) => {
      const cells = itemToCells(i, true);
      return keys.map((k) => cells[k]);
    }),
  ];
  await fs.writeFile(file, toCsv(records), 'utf8');
}

/** Synonyms as their own CSV (词语,同义词). */
export async function writeSynonymsCsv(file: string, synonyms: ValidSynonym[]): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const records = [
    Object.values(SYNONYM_COLUMNS).map((c) => c.header),
    ...synonyms.map((s) => [s.term, s.expansions.join('、')]),
  ];
  await fs.writeFile(file, toCsv(records), 'utf8');
}
