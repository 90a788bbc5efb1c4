/**
 * The spreadsheet layout, one place for the reader, the validator, the demo writer and the README.
 * Columns are found by their Chinese header (row 1), in any order; unknown columns are ignored.
 */
export const ITEM_SHEET = '事项';
export const MATERIAL_SHEET = '材料';

export const ITEM_COLUMNS = {
  code: { header: '事项编码', required: true },
  name: { header: '事项名称', required: true },
  departmentCode: { header: '实施部门编码', required: true },
  departmentName: { header: '实施部门', required: true },
  kind: { header: '事项类型', required: true },
  level: { header: '事项层级', required: true },
  maxTrips: { header: '最多跑动次数', required: true },
  tripsReason: { header: '跑动原因', required: false },
  onlineCapable: { header: '网上可办', required: true },
  legalLimitDays: { header: '法定时限', required: true },
  promisedLimitDays: { header: '承诺时限', required: true },
  fees: { header: '收费', required: false },
  halls: { header: '办理地点', required: true },
  phone: { header: '咨询电话', required: true },
  conditions: { header: '受理条件', required: false },
  steps: { header: '办理流程', required: false },
  legalBasis: { header: '设定依据', required: false },
  themes: { header: '主题', required: false },
  aliases: { header: '俗称', required: false, alternatives: ['别名'] },
  materials: { header: '申请材料', required: false },
} as const;
export type ItemColumn = keyof typeof ITEM_COLUMNS;

export const MATERIAL_COLUMNS = {
  itemCode: { header: '事项编码', required: true },
  name: { header: '材料名称', required: true },
  form: { header: '材料形式', required: true },
  count: { header: '份数', required: true },
  requirement: { header: '要求', required: true },
  note: { header: '备注', required: false },
} as const;
export type MaterialColumn = keyof typeof MATERIAL_COLUMNS;

/**
 * Sheet 同义词 (xlsx), or a CSV with these headers instead of the items' (see the README): one
 * term per row and what it should also find.
 */
export const SYNONYM_SHEET = '同义词';
export const SYNONYM_COLUMNS = {
  term: { header: '词语', required: true },
  expansions: { header: '同义词', required: true, alternatives: ['扩展为'] },
} as const;
export type SynonymColumn = keyof typeof SYNONYM_COLUMNS;

/** One data row, cells by column key, with the row number a person sees in Excel (header = row 1). */
export interface RawRow<K extends string> {
  sheet: string;
  row: number;
  cells: Partial<Record<K, string>>;
}

/** Separators accepted inside a cell for lists: new lines and semicolons (half or full width). */
export const LIST_SEPARATOR = /\r?\n|;|；/;
