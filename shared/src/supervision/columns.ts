import { z } from 'zod';
import { statsColumnKindSchema, type StatsArea, type StatsColumnKind } from './enums';

/** One table column: the row's key, its Chinese header, how its numbers read. */
export const statsColumnSchema = z.object({
  key: z.string(),
  label: z.string(),
  kind: statsColumnKindSchema,
});
export type StatsColumn = z.infer<typeof statsColumnSchema>;

const col = (key: string, label: string, kind: StatsColumnKind): StatsColumn => ({ key, label, kind });

const DEPT = [col('key', '部门编码', 'text'), col('name', '部门', 'text')];
const ITEM = [col('key', '事项编码', 'text'), col('name', '事项名称', 'text')];

/** The columns of each area's tables: `department` (byDepartment) and `item` (byItem, the drill-down). */
export type StatsTableColumns = { department: StatsColumn[]; item: StatsColumn[] };

/** An area's two tables: the same figures after the department's, or the item's, code and name. */
const byDepartmentAndItem = (figures: StatsColumn[]): StatsTableColumns => ({
  department: [...DEPT, ...figures],
  item: [...ITEM, ...figures],
});

/** The columns of `columns` with these keys, in this order: a figure reads the same wherever it is shown. */
function pick(columns: StatsColumn[], ...keys: string[]): StatsColumn[] {
  return keys.map((key) => {
    const column = columns.find((c) => c.key === key);
    if (!column) throw new Error(`no column ${key}`);
    return column;
  });
}

// Figures several areas show under one key and label.
const closedCases = col('closedCases', '办结件数', 'count');
const oneTripCaseShare = col('oneTripCaseShare', '≤1次办结占比', 'share');
const onTimeShare = col('onTimeShare', '按时办结率', 'share');
const satisfaction = col('satisfaction', '满意率', 'share');
const overdueOpen = col('overdueOpen', '当前超期在办', 'count');
const capacity = col('capacity', '号源数', 'count');
const slotUse = col('slotUse', '号源使用率', 'share');

const OVERVIEW_COLUMNS = [closedCases, oneTripCaseShare, onTimeShare, satisfaction, overdueOpen];
const TRIPS_ITEM_COLUMNS = [
  col('publishedItems', '已公布事项', 'count'),
  col('atMostOneTripItems', '≤1次事项', 'count'),
  col('zeroTripItems', '零跑腿事项', 'count'),
  col('itemShare', '≤1次事项占比', 'share'),
];
const TRIPS_CASE_COLUMNS = [closedCases, col('tripsPerCase', '件均跑动次数', 'number'), oneTripCaseShare];
const CASES_COLUMNS = [
  col('received', '申报件数', 'count'),
  col('accepted', '受理件数', 'count'),
  col('closed', '办结件数', 'count'),
  onTimeShare,
  overdueOpen,
  col('medianDays', '办理时长中位数（工作日）', 'days'),
  col('p90Days', '办理时长P90（工作日）', 'days'),
  col('correctionRate', '补正率', 'share'),
];
const APPOINTMENT_COLUMNS = [
  col('booked', '预约数', 'count'),
  col('checkedIn', '签到数', 'count'),
  col('cancelled', '取消数', 'count'),
  col('noShow', '爽约数', 'count'),
  col('noShowRate', '爽约率', 'share'),
  col('waitMedian', '等候时长中位数（分钟）', 'minutes'),
  col('waitP90', '等候时长P90（分钟）', 'minutes'),
];
const CONSULTATION_COLUMNS = [
  col('asked', '咨询数', 'count'),
  col('answered', '已答复', 'count'),
  col('medianHours', '答复用时中位数（工作小时）', 'hours'),
  col('p90Hours', '答复用时P90（工作小时）', 'hours'),
  col('overdue', '超期数', 'count'),
];
const COMPLAINT_COLUMNS = [
  col('total', '件数', 'count'),
  col('closed', '办结数', 'count'),
  onTimeShare,
  col('redoShare', '重办占比', 'share'),
  col('repeatRate', '重复投诉率', 'share'),
  col('satisfaction', '回访满意率', 'share'),
];
const RATING_COLUMNS = [
  col('total', '评价数', 'count'),
  col('satisfied', '满意数（基本满意及以上）', 'count'),
  col('share', '满意率', 'share'),
  col('bad', '差评数', 'count'),
  col('rectifiedOnTime', '按时整改', 'count'),
  col('rectifiedLate', '超期整改', 'count'),
  col('open', '未完成整改', 'count'),
  col('overdue', '整改已超期', 'count'),
];

export const STATS_TABLE_COLUMNS: Record<StatsArea | 'overview', StatsTableColumns> = {
  overview: byDepartmentAndItem(OVERVIEW_COLUMNS),
  trips: {
    department: [...DEPT, ...TRIPS_ITEM_COLUMNS, ...TRIPS_CASE_COLUMNS],
    item: [...ITEM, col('maxTrips', '承诺最多跑动次数', 'count'), ...TRIPS_CASE_COLUMNS],
  },
  cases: byDepartmentAndItem(CASES_COLUMNS),
  appointments: byDepartmentAndItem(APPOINTMENT_COLUMNS),
  consultations: byDepartmentAndItem(CONSULTATION_COLUMNS),
  complaints: byDepartmentAndItem(COMPLAINT_COLUMNS),
  ratings: byDepartmentAndItem(RATING_COLUMNS),
};

/** Secondary tables (series) an area also exports, with their columns. */
export const STATS_SERIES_COLUMNS = {
  trend: [
    col('weekStart', '周（起始日）', 'text'),
    col('casesClosed', '办结件数', 'count'),
    onTimeShare,
    satisfaction,
    col('oneTripShare', '≤1次办结占比', 'share'),
  ],
  tripsDistribution: [
    col('label', '跑动次数', 'text'),
    col('count', '办结件数', 'count'),
    col('share', '占比', 'share'),
    col('previousCount', '上期件数', 'count'),
  ],
  itemsByLevel: [col('level', '事项层级', 'text'), ...TRIPS_ITEM_COLUMNS],
  correctionByItem: [
    ...ITEM,
    ...pick(CASES_COLUMNS, 'received'),
    col('corrections', '补正件数', 'count'),
    ...pick(CASES_COLUMNS, 'correctionRate'),
  ],
  overdueByDepartment: [...DEPT, overdueOpen],
  waitingByHour: [
    col('hour', '时段（时）', 'count'),
    col('count', '叫号数', 'count'),
    col('median', '等候中位数（分钟）', 'minutes'),
    col('p90', '等候P90（分钟）', 'minutes'),
  ],
  byHall: [
    col('key', '大厅编码', 'text'),
    col('name', '大厅', 'text'),
    ...pick(APPOINTMENT_COLUMNS, 'booked', 'checkedIn', 'noShowRate'),
    col('waitMedian', '等候中位数（分钟）', 'minutes'),
    col('waitP90', '等候P90（分钟）', 'minutes'),
    capacity,
    slotUse,
  ],
  slotUseByWeekday: [
    col('label', '星期', 'text'),
    ...pick(APPOINTMENT_COLUMNS, 'booked'),
    capacity,
    col('share', '号源使用率', 'share'),
  ],
  byKind: [col('label', '类型', 'text'), col('count', '件数', 'count'), col('previous', '上期件数', 'count')],
  levels: [
    col('label', '评价等级', 'text'),
    col('count', '评价数', 'count'),
    col('previous', '上期评价数', 'count'),
  ],
} satisfies Record<string, StatsColumn[]>;
export type StatsSeriesName = keyof typeof STATS_SERIES_COLUMNS;

/** Headline figures of each area: key → Chinese label and kind (the page's cards, the export's first table). */
export const STATS_HEADLINE_COLUMNS: Record<StatsArea | 'overview', StatsColumn[]> = {
  overview: [
    oneTripCaseShare,
    ...pick(TRIPS_ITEM_COLUMNS, 'itemShare'),
    satisfaction,
    onTimeShare,
    overdueOpen,
  ],
  trips: [...pick(TRIPS_ITEM_COLUMNS, 'publishedItems', 'itemShare', 'zeroTripItems'), ...TRIPS_CASE_COLUMNS],
  cases: [...CASES_COLUMNS],
  appointments: [...APPOINTMENT_COLUMNS, slotUse],
  consultations: [...CONSULTATION_COLUMNS, col('faqDeflected', '常见问题已解答（未提问）', 'count')],
  complaints: [...COMPLAINT_COLUMNS],
  // The card shows the share; the count of the satisfied is a table column only.
  ratings: RATING_COLUMNS.filter((c) => c.key !== 'satisfied'),
};
