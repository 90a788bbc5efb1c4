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

const TRIPS_CASE_COLUMNS = [
  col('closedCases', '办结件数', 'count'),
  col('tripsPerCase', '件均跑动次数', 'number'),
  col('oneTripCaseShare', '≤1次办结占比', 'share'),
];
const CASES_COLUMNS = [
  col('received', '申报件数', 'count'),
  col('accepted', '受理件数', 'count'),
  col('closed', '办结件数', 'count'),
  col('onTimeShare', '按时办结率', 'share'),
  col('overdueOpen', '当前超期在办', 'count'),
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
  col('onTimeShare', '按时办结率', 'share'),
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
  overview: {
    department: [
      ...DEPT,
      col('closedCases', '办结件数', 'count'),
      col('oneTripCaseShare', '≤1次办结占比', 'share'),
      col('onTimeShare', '按时办结率', 'share'),
      col('satisfaction', '满意率', 'share'),
      col('overdueOpen', '当前超期在办', 'count'),
    ],
    item: [
      ...ITEM,
      col('closedCases', '办结件数', 'count'),
      col('oneTripCaseShare', '≤1次办结占比', 'share'),
      col('onTimeShare', '按时办结率', 'share'),
      col('satisfaction', '满意率', 'share'),
      col('overdueOpen', '当前超期在办', 'count'),
    ],
  },
  trips: {
    department: [
      ...DEPT,
      col('publishedItems', '已公布事项', 'count'),
      col('atMostOneTripItems', '≤1次事项', 'count'),
      col('zeroTripItems', '零跑腿事项', 'count'),
      col('itemShare', '≤1次事项占比', 'share'),
      ...TRIPS_CASE_COLUMNS,
    ],
    item: [...ITEM, col('maxTrips', '承诺最多跑动次数', 'count'), ...TRIPS_CASE_COLUMNS],
  },
  cases: { department: [...DEPT, ...CASES_COLUMNS], item: [...ITEM, ...CASES_COLUMNS] },
  appointments: {
    department: [...DEPT, ...APPOINTMENT_COLUMNS],
    item: [...ITEM, ...APPOINTMENT_COLUMNS],
  },
  consultations: {
    department: [...DEPT, ...CONSULTATION_COLUMNS],
    item: [...ITEM, ...CONSULTATION_COLUMNS],
  },
  complaints: {
    department: [...DEPT, ...COMPLAINT_COLUMNS],
    item: [...ITEM, ...COMPLAINT_COLUMNS],
  },
  ratings: { department: [...DEPT, ...RATING_COLUMNS], item: [...ITEM, ...RATING_COLUMNS] },
};

/** Secondary tables (series) an area also exports, with their columns. */
export const STATS_SERIES_COLUMNS = {
  trend: [
    col('weekStart', '周（起始日）', 'text'),
    col('casesClosed', '办结件数', 'count'),
    col('onTimeShare', '按时办结率', 'share'),
    col('satisfaction', '满意率', 'share'),
    col('oneTripShare', '≤1次办结占比', 'share'),
  ],
  tripsDistribution: [
    col('label', '跑动次数', 'text'),
    col('count', '办结件数', 'count'),
    col('share', '占比', 'share'),
    col('previousCount', '上期件数', 'count'),
  ],
  itemsByLevel: [
    col('level', '事项层级', 'text'),
    col('publishedItems', '已公布事项', 'count'),
    col('atMostOneTripItems', '≤1次事项', 'count'),
    col('zeroTripItems', '零跑腿事项', 'count'),
    col('itemShare', '≤1次事项占比', 'share'),
  ],
  correctionByItem: [
    col('key', '事项编码', 'text'),
    col('name', '事项名称', 'text'),
    col('received', '申报件数', 'count'),
    col('corrections', '补正件数', 'count'),
    col('correctionRate', '补正率', 'share'),
  ],
  overdueByDepartment: [
    col('key', '部门编码', 'text'),
    col('name', '部门', 'text'),
    col('overdueOpen', '当前超期在办', 'count'),
  ],
  waitingByHour: [
    col('hour', '时段（时）', 'count'),
    col('count', '叫号数', 'count'),
    col('median', '等候中位数（分钟）', 'minutes'),
    col('p90', '等候P90（分钟）', 'minutes'),
  ],
  byHall: [
    col('key', '大厅编码', 'text'),
    col('name', '大厅', 'text'),
    col('booked', '预约数', 'count'),
    col('checkedIn', '签到数', 'count'),
    col('noShowRate', '爽约率', 'share'),
    col('waitMedian', '等候中位数（分钟）', 'minutes'),
    col('waitP90', '等候P90（分钟）', 'minutes'),
    col('capacity', '号源数', 'count'),
    col('slotUse', '号源使用率', 'share'),
  ],
  slotUseByWeekday: [
    col('label', '星期', 'text'),
    col('booked', '预约数', 'count'),
    col('capacity', '号源数', 'count'),
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
    col('oneTripCaseShare', '≤1次办结占比', 'share'),
    col('itemShare', '≤1次事项占比', 'share'),
    col('satisfaction', '满意率', 'share'),
    col('onTimeShare', '按时办结率', 'share'),
    col('overdueOpen', '当前超期在办', 'count'),
  ],
  trips: [
    col('publishedItems', '已公布事项', 'count'),
    col('itemShare', '≤1次事项占比', 'share'),
    col('zeroTripItems', '零跑腿事项', 'count'),
    col('closedCases', '办结件数', 'count'),
    col('tripsPerCase', '件均跑动次数', 'number'),
    col('oneTripCaseShare', '≤1次办结占比', 'share'),
  ],
  cases: [
    col('received', '申报件数', 'count'),
    col('accepted', '受理件数', 'count'),
    col('closed', '办结件数', 'count'),
    col('onTimeShare', '按时办结率', 'share'),
    col('overdueOpen', '当前超期在办', 'count'),
    col('medianDays', '办理时长中位数（工作日）', 'days'),
    col('p90Days', '办理时长P90（工作日）', 'days'),
    col('correctionRate', '补正率', 'share'),
  ],
  appointments: [
    col('booked', '预约数', 'count'),
    col('checkedIn', '签到数', 'count'),
    col('cancelled', '取消数', 'count'),
    col('noShow', '爽约数', 'count'),
    col('noShowRate', '爽约率', 'share'),
    col('waitMedian', '等候时长中位数（分钟）', 'minutes'),
    col('waitP90', '等候时长P90（分钟）', 'minutes'),
    col('slotUse', '号源使用率', 'share'),
  ],
  consultations: [
    col('asked', '咨询数', 'count'),
    col('answered', '已答复', 'count'),
    col('medianHours', '答复用时中位数（工作小时）', 'hours'),
    col('p90Hours', '答复用时P90（工作小时）', 'hours'),
    col('overdue', '超期数', 'count'),
    col('faqDeflected', '常见问题已解答（未提问）', 'count'),
  ],
  complaints: [
    col('total', '件数', 'count'),
    col('closed', '办结数', 'count'),
    col('onTimeShare', '按时办结率', 'share'),
    col('redoShare', '重办占比', 'share'),
    col('repeatRate', '重复投诉率', 'share'),
    col('satisfaction', '回访满意率', 'share'),
  ],
  ratings: [
    col('total', '评价数', 'count'),
    col('share', '满意率', 'share'),
    col('bad', '差评数', 'count'),
    col('rectifiedOnTime', '按时整改', 'count'),
    col('rectifiedLate', '超期整改', 'count'),
    col('open', '未完成整改', 'count'),
    col('overdue', '整改已超期', 'count'),
  ],
};
