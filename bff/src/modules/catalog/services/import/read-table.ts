import fs from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { AppError } from '../../../../http/app-error';
import { parseCsv } from './csv';
import {
  ITEM_COLUMNS,
  ITEM_SHEET,
  MATERIAL_COLUMNS,
  MATERIAL_SHEET,
  SYNONYM_COLUMNS,
  SYNONYM_SHEET,
  type ItemColumn,
  type MaterialColumn,
  type RawRow,
  type SynonymColumn,
} from './columns';

export interface ImportTables {
  format: 'xlsx' | 'csv';
  items: RawRow<ItemColumn>[];
  /** Present when the workbook has a 材料 sheet; otherwise materials come from the 申请材料 column. */
  materials?: RawRow<MaterialColumn>[];
  /** The 同义词 sheet, or a synonyms CSV (then `items` is empty). */
  synonyms?: RawRow<SynonymColumn>[];
}

type Columns = Record<string, { header: string; required: boolean; alternatives?: readonly string[] }>;

function fileError(message: string): AppError {
  return new AppError('IMPORT_INVALID_FILE', message);
}

/** Maps a header row to column keys; a missing required column makes the whole file unusable. */
function mapHeaders<K extends string>(sheet: string, headers: string[], columns: Columns): Map<number, K> {
  const byHeader = new Map(
    Object.entries(columns).flatMap(([key, c]) =>
      [c.header, ...(c.alternatives ?? [])].map((h) => [h, key as K] as const),
    ),
  );
  const found = new Map<number, K>();
  headers.forEach((h, i) => {
    const key = byHeader.get(h.trim());
    if (key) found.set(i, key);
  });
  const present = new Set(found.values());
  const missing = Object.entries(columns)
    .filter(([key, c]) => c.required && !present.has(key as K))
    .map(([, c]) => c.header);
  if (missing.length > 0)
    throw fileError(`「${sheet}」表缺少必需的列：${missing.join('、')}（第 1 行应为列名）`);
  return found;
}

function toRows<K extends string>(
  sheet: string,
  records: string[][],
  columns: Columns,
  firstRow = 1,
): RawRow<K>[] {
  if (records.length === 0) throw fileError(`「${sheet}」表是空的：第 1 行应为列名`);
  const headerMap = mapHeaders<K>(sheet, records[0], columns);
  const rows: RawRow<K>[] = [];
  records.slice(1).forEach((values, i) => {
    if (values.every((v) => v.trim() === '')) return; // blank lines are not rows
    const cells: Partial<Record<K, string>> = {};
    for (const [index, key] of headerMap) cells[key] = (values[index] ?? '').trim();
    rows.push({ sheet, row: firstRow + i + 1, cells });
  });
  return rows;
}

/** A cell as text, whatever Excel stored: rich text, formula results, hyperlinks, dates, numbers. */
export function cellValueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'object') return String(value);
  const v = value as { richText?: Array<{ text: string }>; result?: unknown; text?: unknown; error?: string };
  if (v.richText) return v.richText.map((r) => r.text).join('');
  if ('result' in v) return cellValueText(v.result);
  if ('text' in v) return cellValueText(v.text);
  return '';
}

/**
 * The in-memory reader on purpose: exceljs's streaming WorkbookReader splits multi-byte UTF-8
 * characters at chunk boundaries (exceljs issues #2063, #2084), which garbles Chinese cells in
 * large files. Rows keep their Excel numbers (missing rows become empty records).
 */
async function readSheets(bytes: Buffer): Promise<Map<string, string[][]>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheets = new Map<string, string[][]>();
  for (const worksheet of workbook.worksheets) {
    const records: string[][] = [];
    worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const values = row.values as unknown[];
      const record: string[] = [];
      for (let c = 1; c < values.length; c++) record.push(cellValueText(values[c]));
      records[rowNumber - 1] = record;
    });
    for (let i = 0; i < records.length; i++) records[i] ??= [];
    sheets.set(worksheet.name, records);
  }
  return sheets;
}

async function readXlsx(file: string, bytes: Buffer): Promise<ImportTables> {
  // An .xlsx is a zip archive: anything else renamed to .xlsx gets a clear message, not a stack trace.
  if (bytes.subarray(0, 4).toString('binary') !== 'PK\u0003\u0004') {
    throw fileError(
      `${path.basename(file)} 不是有效的 Excel 工作簿（.xlsx）：请在 Excel 中另存为 .xlsx 后重试`,
    );
  }
  let sheets: Map<string, string[][]>;
  try {
    sheets = await readSheets(bytes);
  } catch {
    throw fileError(`${path.basename(file)} 无法读取：文件已损坏或不是 .xlsx 工作簿`);
  }
  const [firstName, firstRecords] = sheets.entries().next().value ?? [];
  const itemName = sheets.has(ITEM_SHEET) ? ITEM_SHEET : firstName;
  const itemRecords = sheets.get(ITEM_SHEET) ?? firstRecords;
  if (!itemName || !itemRecords) throw fileError('工作簿中没有工作表');
  const materialRecords = sheets.get(MATERIAL_SHEET);
  const synonymRecords = sheets.get(SYNONYM_SHEET);
  return {
    format: 'xlsx',
    // A workbook holding only the 同义词 sheet updates the synonyms alone.
    items: itemName === SYNONYM_SHEET ? [] : toRows<ItemColumn>(itemName, itemRecords, ITEM_COLUMNS),
    ...(materialRecords
      ? { materials: toRows<MaterialColumn>(MATERIAL_SHEET, materialRecords, MATERIAL_COLUMNS) }
      : {}),
    ...(synonymRecords
      ? { synonyms: toRows<SynonymColumn>(SYNONYM_SHEET, synonymRecords, SYNONYM_COLUMNS) }
      : {}),
  };
}

function readCsv(file: string, bytes: Buffer): ImportTables {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw fileError(
      `${path.basename(file)} 不是 UTF-8 编码的 CSV：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”`,
    );
  }
  if (text.includes('\u0000')) throw fileError(`${path.basename(file)} 不是文本文件，无法按 CSV 读取`);
  const records = parseCsv(text);
  // A CSV holds one table: the synonyms one is told apart by its header (词语, no 事项编码).
  const headers = new Set((records[0] ?? []).map((h) => h.trim()));
  if (headers.has(SYNONYM_COLUMNS.term.header) && !headers.has(ITEM_COLUMNS.code.header)) {
    return {
      format: 'csv',
      items: [],
      synonyms: toRows<SynonymColumn>(SYNONYM_SHEET, records, SYNONYM_COLUMNS),
    };
  }
  return { format: 'csv', items: toRows<ItemColumn>(ITEM_SHEET, records, ITEM_COLUMNS) };
}

/** Reads an .xlsx or .csv import file into raw rows. Any other type is refused with a clear message. */
export async function readImportFile(file: string): Promise<ImportTables> {
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.xlsx' && ext !== '.csv') {
    const hint = ext === '.xls' ? '旧版 .xls 请在 Excel 中另存为 .xlsx' : '请使用 .xlsx 或 .csv（UTF-8）';
    throw fileError(`不支持的文件类型“${ext || '无扩展名'}”：${hint}`);
  }
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch {
    throw fileError(`找不到或无法读取文件：${file}`);
  }
  return ext === '.xlsx' ? readXlsx(file, bytes) : readCsv(file, bytes);
}
