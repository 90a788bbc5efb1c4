import {
  guideSchema,
  itemCodeSchema,
  ITEM_KINDS,
  ITEM_LEVELS,
  MATERIAL_FORMS,
  type Guide,
  type GuideStep,
  type ItemKind,
  type ItemLevel,
  type Material,
  type MaterialForm,
  type MaterialRequirement,
} from '@app/shared';
import {
  ITEM_COLUMNS,
  LIST_SEPARATOR,
  MATERIAL_COLUMNS,
  SYNONYM_COLUMNS,
  type ItemColumn,
  type MaterialColumn,
  type RawRow,
  type SynonymColumn,
} from './columns';
import type { ImportTables } from './read-table';

/** One problem, located the way a person finds it in Excel: sheet, row, column. */
export interface ImportIssue {
  sheet: string;
  row: number;
  column: string;
  reason: string;
  itemCode?: string;
}

export interface ValidItem {
  row: number;
  code: string;
  name: string;
  departmentCode: string;
  departmentName: string;
  kind: ItemKind;
  level: ItemLevel;
  maxTrips: number;
  tripsReason?: string;
  onlineCapable: boolean;
  themes: string[];
  /** 俗称 (营业执照, 房产证 …); absent or empty when the row has none. */
  aliases?: string[];
  guide: Guide;
}

/** What rows may refer to: hall codes with their window codes, and theme codes. */
export interface ImportReferences {
  halls: Map<string, Set<string>>;
  themes: Set<string>;
}

export interface ValidationResult {
  items: ValidItem[];
  issues: ImportIssue[];
  /** Item rows refused (a row with several problems counts once). */
  rejectedRows: number;
}

const REQUIREMENT_WORDS: Record<string, MaterialRequirement> = {
  必须提交: 'required',
  必须: 'required',
  必交: 'required',
  required: 'required',
  容缺: 'waivable',
  容缺受理: 'waivable',
  waivable: 'waivable',
  免提交: 'shared',
  数据共享: 'shared',
  共享获取: 'shared',
  shared: 'shared',
  已取消: 'cancelled',
  取消: 'cancelled',
  cancelled: 'cancelled',
};

const YES = new Set(['是', 'true', '1', 'y', 'yes']);
const NO = new Set(['否', 'false', '0', 'n', 'no']);
const DEPARTMENT_CODE = /^[A-Za-z0-9_-]{2,20}$/;
const PHONE = /^[0-9+\-() ,，、]{5,50}$/;

export function splitList(cell: string | undefined): string[] {
  return (cell ?? '')
    .split(LIST_SEPARATOR)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Collects a row's problems; each parser returns undefined after recording why. */
class RowCheck<K extends string> {
  readonly issues: ImportIssue[] = [];
  constructor(
    private readonly raw: RawRow<K>,
    private readonly headers: Record<K, { header: string }>,
  ) {}

  cell(key: K): string {
    return this.raw.cells[key] ?? '';
  }

  fail(key: K | string, reason: string): undefined {
    const header = (this.headers as Record<string, { header: string }>)[key]?.header ?? key;
    this.issues.push({ sheet: this.raw.sheet, row: this.raw.row, column: header, reason });
    return undefined;
  }

  text(key: K, max: number, required: boolean): string | undefined {
    const value = this.cell(key);
    if (!value) return required ? this.fail(key, '不能为空') : '';
    if (value.length > max) return this.fail(key, `不能超过 ${max} 个字（当前 ${value.length} 个）`);
    return value;
  }

  oneOf<T extends string>(key: K, allowed: readonly T[]): T | undefined {
    const value = this.cell(key);
    if (!value) return this.fail(key, '不能为空');
    if (!(allowed as readonly string[]).includes(value))
      return this.fail(key, `“${value}”无效，应为：${allowed.join(' / ')}`);
    return value as T;
  }

  integer(key: K, min: number, max: number, unit = ''): number | undefined {
    const value = this.cell(key);
    if (!value) return this.fail(key, '不能为空');
    if (!/^\d+$/.test(value)) return this.fail(key, `“${value}”不是整数`);
    const n = Number(value);
    if (n < min || n > max) return this.fail(key, `应在 ${min}–${max}${unit} 之间（当前 ${n}）`);
    return n;
  }

  boolean(key: K): boolean | undefined {
    const value = this.cell(key).toLowerCase();
    if (YES.has(value)) return true;
    if (NO.has(value)) return false;
    return this.fail(key, value ? `“${value}”无效，应为“是”或“否”` : '不能为空，应为“是”或“否”');
  }
}

/** `名称|形式|份数|要求|备注` (the 申请材料 cell, and the fields of a 材料 sheet row). */
export function parseMaterial(fields: {
  name: string;
  form: string;
  count: string;
  requirement: string;
  note?: string;
}): { material?: Material; reason?: string } {
  const name = fields.name.trim();
  if (!name) return { reason: '材料名称不能为空' };
  if (name.length > 200) return { reason: `材料“${name.slice(0, 20)}…”名称超过 200 字` };
  if (!(MATERIAL_FORMS as readonly string[]).includes(fields.form.trim())) {
    return { reason: `材料“${name}”的形式“${fields.form}”无效，应为：${MATERIAL_FORMS.join(' / ')}` };
  }
  const count = Number(fields.count.trim());
  if (!/^\d+$/.test(fields.count.trim()) || count < 1 || count > 99) {
    return { reason: `材料“${name}”的份数“${fields.count}”无效，应为 1–99 的整数` };
  }
  const requirement = REQUIREMENT_WORDS[fields.requirement.trim()];
  if (!requirement) {
    return {
      reason: `材料“${name}”的要求“${fields.requirement}”无效，应为：必须提交 / 容缺 / 免提交 / 已取消`,
    };
  }
  const note = fields.note?.trim();
  if (note && note.length > 500) return { reason: `材料“${name}”的备注超过 500 字` };
  return {
    material: {
      name,
      form: fields.form.trim() as MaterialForm,
      count,
      requirement,
      ...(note ? { note } : {}),
    },
  };
}

function parseMaterialCell(check: RowCheck<ItemColumn>): Material[] | undefined {
  const materials: Material[] = [];
  for (const entry of splitList(check.cell('materials'))) {
    const [name = '', form = '', count = '', requirement = '', note] = entry.split(/[|｜]/);
    const parsed = parseMaterial({ name, form, count, requirement, note });
    if (!parsed.material)
      return check.fail('materials', `${parsed.reason}（格式：名称|形式|份数|要求|备注）`);
    materials.push(parsed.material);
  }
  return materials;
}

function parseSteps(cell: string): GuideStep[] {
  return splitList(cell).map((line) => {
    const [title, ...rest] = line.split(/[:：]/);
    const description = rest.join('：').trim();
    return { title: title.trim().slice(0, 100), ...(description ? { description } : {}) };
  });
}

function parseHalls(check: RowCheck<ItemColumn>, refs: ImportReferences): Guide['halls'] | undefined {
  const entries = splitList(check.cell('halls'));
  if (entries.length === 0) return check.fail('halls', '不能为空，格式：大厅编码:窗口编码,窗口编码；…');
  const halls: Guide['halls'] = [];
  for (const entry of entries) {
    const [hallCode, windowList = ''] = entry.split(/[:：]/).map((s) => s.trim());
    const known = refs.halls.get(hallCode);
    if (!known) return check.fail('halls', `大厅“${hallCode}”不存在`);
    const windows = windowList
      .split(/[,，、]/)
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = windows.find((w) => !known.has(w));
    if (unknown) return check.fail('halls', `大厅“${hallCode}”没有窗口“${unknown}”`);
    halls.push({ hallCode, windows });
  }
  return halls;
}

function parseThemes(check: RowCheck<ItemColumn>, refs: ImportReferences): string[] | undefined {
  const codes = check
    .cell('themes')
    .split(/[,，;；、\s]+/)
    .filter(Boolean);
  const unknown = codes.find((c) => !refs.themes.has(c));
  if (unknown) return check.fail('themes', `主题“${unknown}”不存在`);
  return Array.from(new Set(codes));
}

/** Words inside an 俗称 or 同义词 cell: separated by commas, 顿号, semicolons or new lines. */
export const WORD_SEPARATOR = /[,，、;；\r\n]+/;
const MAX_WORD = 20;
const MAX_WORDS = 10;

/** A list of short words (aliases, synonym expansions), or the reason it is refused. */
export function parseWords(cell: string): { words: string[]; reason?: string } {
  const words = Array.from(
    new Set(
      cell
        .split(WORD_SEPARATOR)
        .map((w) => w.trim())
        .filter(Boolean),
    ),
  );
  const long = words.find((w) => w.length > MAX_WORD);
  if (long) return { words, reason: `“${long.slice(0, 20)}…”超过 ${MAX_WORD} 个字` };
  if (words.length > MAX_WORDS) return { words, reason: `最多 ${MAX_WORDS} 个（当前 ${words.length} 个）` };
  return { words };
}

function parseAliases(check: RowCheck<ItemColumn>, name: string | undefined): string[] | undefined {
  const { words, reason } = parseWords(check.cell('aliases'));
  if (reason) return check.fail('aliases', reason);
  // The name itself is found anyway; keeping it out keeps alias matches meaningful.
  return words.filter((w) => w !== name);
}

function validateItemRow(
  raw: RawRow<ItemColumn>,
  refs: ImportReferences,
  sheetMaterials: Material[] | undefined,
): { item?: ValidItem; issues: ImportIssue[] } {
  const check = new RowCheck(raw, ITEM_COLUMNS);
  const codeResult = itemCodeSchema.safeParse(check.cell('code'));
  const code = codeResult.success
    ? codeResult.data
    : check.fail('code', check.cell('code') ? codeResult.error.issues[0].message : '不能为空');
  const name = check.text('name', 100, true);
  const departmentCode = check.cell('departmentCode');
  if (!DEPARTMENT_CODE.test(departmentCode))
    check.fail('departmentCode', '应为 2–20 位字母、数字、短横线或下划线');
  const departmentName = check.text('departmentName', 60, true);
  const kind = check.oneOf('kind', ITEM_KINDS);
  const level = check.oneOf('level', ITEM_LEVELS);
  const maxTrips = check.integer('maxTrips', 0, 10, ' 次');
  const tripsReason = check.text('tripsReason', 500, false);
  // 2+ trips is the exception the reform must justify item by item.
  if (maxTrips !== undefined && maxTrips > 1 && !check.cell('tripsReason')) {
    check.fail('tripsReason', `最多跑动 ${maxTrips} 次须说明原因`);
  }
  const onlineCapable = check.boolean('onlineCapable');
  const legalLimitDays = check.integer('legalLimitDays', 0, 365, ' 个工作日');
  const promisedLimitDays = check.integer('promisedLimitDays', 0, 365, ' 个工作日');
  if (legalLimitDays && promisedLimitDays !== undefined && promisedLimitDays > legalLimitDays) {
    check.fail('promisedLimitDays', `承诺时限（${promisedLimitDays}）不能超过法定时限（${legalLimitDays}）`);
  }
  const fees = check.text('fees', 500, false);
  const halls = parseHalls(check, refs);
  const phone = check.cell('phone');
  if (!PHONE.test(phone)) check.fail('phone', phone ? `“${phone}”不是有效的电话号码` : '不能为空');
  const conditions = splitList(check.cell('conditions'));
  if (conditions.some((c) => c.length > 1000)) check.fail('conditions', '每条受理条件不能超过 1000 字');
  const steps = parseSteps(check.cell('steps'));
  const legalBasis = check.text('legalBasis', 2000, false);
  const themes = parseThemes(check, refs);
  const aliases = parseAliases(check, name);
  const materials = sheetMaterials ?? parseMaterialCell(check);

  if (check.issues.length > 0) return { issues: check.issues.map((i) => ({ ...i, itemCode: code })) };
  const guide: Guide = {
    conditions,
    materials: materials!,
    steps,
    legalLimitDays: legalLimitDays!,
    promisedLimitDays: promisedLimitDays!,
    fees: fees || '不收费',
    halls: halls!,
    phone,
    ...(legalBasis ? { legalBasis } : {}),
  };
  // The shared contract is the last word: what passes here is what the mini-program can show.
  const parsed = guideSchema.safeParse(guide);
  if (!parsed.success) {
    return {
      issues: parsed.error.issues.map((i) => ({
        sheet: raw.sheet,
        row: raw.row,
        column: '办事指南',
        reason: `${i.path.join('.')}：${i.message}`,
        itemCode: code,
      })),
    };
  }
  return {
    issues: [],
    item: {
      row: raw.row,
      code: code!,
      name: name!,
      departmentCode,
      departmentName: departmentName!,
      kind: kind!,
      level: level!,
      maxTrips: maxTrips!,
      ...(maxTrips! > 1 && tripsReason ? { tripsReason } : {}),
      onlineCapable: onlineCapable!,
      themes: themes!,
      ...(aliases && aliases.length > 0 ? { aliases } : {}),
      guide: parsed.data,
    },
  };
}

/** Materials sheet rows grouped by item code; bad rows are reported against the 材料 sheet. */
function groupMaterials(rows: RawRow<MaterialColumn>[], itemCodes: Set<string>) {
  const byItem = new Map<string, Material[]>();
  const failedItems = new Map<string, number>();
  const issues: ImportIssue[] = [];
  for (const raw of rows) {
    const check = new RowCheck(raw, MATERIAL_COLUMNS);
    const itemCode = check.cell('itemCode');
    if (!itemCodes.has(itemCode)) {
      check.fail('itemCode', itemCode ? `事项“${itemCode}”不在「事项」表中` : '不能为空');
      issues.push(...check.issues);
      continue;
    }
    const parsed = parseMaterial({
      name: check.cell('name'),
      form: check.cell('form'),
      count: check.cell('count'),
      requirement: check.cell('requirement'),
      note: check.cell('note'),
    });
    if (!parsed.material) {
      issues.push({ sheet: raw.sheet, row: raw.row, column: '材料', reason: parsed.reason!, itemCode });
      failedItems.set(itemCode, raw.row);
      continue;
    }
    byItem.set(itemCode, [...(byItem.get(itemCode) ?? []), parsed.material]);
  }
  return { byItem, failedItems, issues };
}

/**
 * Checks every row before anything is written. A row is valid only if all its cells are; an item
 * whose material rows are wrong is refused too, since half a guide must never be published.
 */
export function validateImport(tables: ImportTables, refs: ImportReferences): ValidationResult {
  const issues: ImportIssue[] = [];
  const firstRowOf = new Map<string, number>();
  const duplicates = new Set<string>();
  for (const raw of tables.items) {
    const code = raw.cells.code ?? '';
    if (firstRowOf.has(code)) duplicates.add(code);
    else firstRowOf.set(code, raw.row);
  }
  const materials = tables.materials
    ? groupMaterials(tables.materials, new Set(firstRowOf.keys()))
    : undefined;
  if (materials) issues.push(...materials.issues);

  const departmentNames = new Map<string, { name: string; row: number }>();
  const items: ValidItem[] = [];
  let rejectedRows = 0;
  for (const raw of tables.items) {
    const code = raw.cells.code ?? '';
    const rowIssues: ImportIssue[] = [];
    if (duplicates.has(code)) {
      rowIssues.push({
        sheet: raw.sheet,
        row: raw.row,
        column: ITEM_COLUMNS.code.header,
        reason: `事项编码“${code}”在文件中重复（首次出现在第 ${firstRowOf.get(code)} 行），重复的行均不导入`,
        itemCode: code,
      });
    }
    const materialRow = materials?.failedItems.get(code);
    if (materialRow !== undefined) {
      rowIssues.push({
        sheet: raw.sheet,
        row: raw.row,
        column: '申请材料',
        reason: `「材料」表第 ${materialRow} 行有误，该事项不导入`,
        itemCode: code,
      });
    }
    const result = validateItemRow(raw, refs, materials ? (materials.byItem.get(code) ?? []) : undefined);
    rowIssues.push(...result.issues);
    if (result.item && rowIssues.length === 0) {
      const seen = departmentNames.get(result.item.departmentCode);
      if (seen && seen.name !== result.item.departmentName) {
        rowIssues.push({
          sheet: raw.sheet,
          row: raw.row,
          column: ITEM_COLUMNS.departmentName.header,
          reason: `部门编码“${result.item.departmentCode}”在第 ${seen.row} 行对应“${seen.name}”，与本行“${result.item.departmentName}”不一致`,
          itemCode: code,
        });
      } else {
        departmentNames.set(result.item.departmentCode, { name: result.item.departmentName, row: raw.row });
        items.push(result.item);
      }
    }
    if (rowIssues.length > 0) {
      rejectedRows++;
      issues.push(...rowIssues);
    }
  }
  issues.sort((a, b) => (a.sheet === b.sheet ? a.row - b.row : a.sheet.localeCompare(b.sheet)));
  return { items, issues, rejectedRows };
}

export interface ValidSynonym {
  term: string;
  expansions: string[];
}

/** 同义词 rows: a term (≤ 20 字) and 1–10 expansions; a term repeated in the file is refused. */
export function validateSynonyms(rows: RawRow<SynonymColumn>[]): {
  synonyms: ValidSynonym[];
  issues: ImportIssue[];
} {
  const issues: ImportIssue[] = [];
  const synonyms: ValidSynonym[] = [];
  const firstRowOf = new Map<string, number>();
  for (const raw of rows) {
    const check = new RowCheck(raw, SYNONYM_COLUMNS);
    const term = check.text('term', MAX_WORD, true);
    const { words, reason } = parseWords(check.cell('expansions'));
    if (reason) check.fail('expansions', reason);
    else if (words.length === 0) check.fail('expansions', '不能为空，多个同义词用顿号或逗号分隔');
    if (term && firstRowOf.has(term))
      check.fail('term', `词语“${term}”在文件中重复（首次出现在第 ${firstRowOf.get(term)} 行）`);
    if (term && !firstRowOf.has(term)) firstRowOf.set(term, raw.row);
    if (check.issues.length > 0) issues.push(...check.issues);
    else synonyms.push({ term: term!, expansions: words.filter((w) => w !== term) });
  }
  return { synonyms, issues };
}

/** The report a person reads: one line per problem, in Chinese. */
export function formatIssue(issue: ImportIssue): string {
  return `「${issue.sheet}」第 ${issue.row} 行「${issue.column}」：${issue.reason}`;
}
