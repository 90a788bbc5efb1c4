import {
  holidayNoticeImportSchema,
  type HolidayNoticeImport,
  type HolidayNoticeSummary,
  type FieldIssue,
} from '@app/shared';
import { AppError, zodIssuesToFields } from '../../../http/app-error';
import { dayOfWeek } from './china-time';
import { statutoryHolidayOn } from './statutory-days';

/**
 * The file an admin loads for a year's official notice. Two spellings of one content:
 *
 * JSON: `{"year": 2027, "title": "…", "days": [{"date": "2027-02-09", "kind": "holiday", "name": "春节"}, …]}`
 *       (a bare array of days works too: the year is then the first date's);
 * CSV:  a `date,kind,name` line per day, an optional header line, `#` comments; the year is the
 *       first date's, and a `# title: …` comment gives the title.
 *
 * `kind` is `holiday` (a day off: statutory day or bridge day) or `workday` (a 调休 Saturday or
 * Sunday worked). Checks (all problems at once, each with its line): the shared schema (valid dates,
 * one year, no date twice, names in Chinese), then the law: a statutory day (元旦, 除夕–初三, 清明,
 * 5/1–5/2, 端午, 中秋, 10/1–10/3) cannot be a working day, and a 调休 working day is a Saturday or
 * Sunday (a weekday works anyway).
 */

/** JSON or CSV text → the object the schema checks (not validated yet). */
export function parseNoticeFile(content: string, fileName = ''): unknown {
  const text = content.replace(/^\uFEFF/, '').trim();
  const looksJson = fileName.toLowerCase().endsWith('.json') || text.startsWith('{') || text.startsWith('[');
  if (looksJson) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new AppError('VALIDATION_FAILED', '通知文件不是有效的 JSON', {
        fields: [{ path: 'file', message: (err as Error).message }],
      });
    }
    return Array.isArray(parsed) ? withYear({ days: parsed }) : withYear(parsed);
  }
  let title: string | undefined;
  const days: Array<Record<string, string>> = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith('#')) {
      const match = /^#\s*(?:title|标题)\s*[:：]\s*(.+)$/i.exec(line);
      if (match) title = match[1]!.trim();
      continue;
    }
    const [date = '', kind = '', ...name] = line.split(',').map((cell) => cell.trim());
    if (days.length === 0 && date.toLowerCase() === 'date') continue; // header
    days.push({ date, kind, name: name.join(',') });
  }
  return withYear({ ...(title ? { title } : {}), days });
}

function withYear(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const record = value as { year?: unknown; days?: unknown };
  if (record.year !== undefined || !Array.isArray(record.days)) return value;
  const first = (record.days[0] as { date?: unknown } | undefined)?.date;
  const year = typeof first === 'string' ? Number(first.slice(0, 4)) : NaN;
  return Number.isInteger(year) ? { ...record, year } : value;
}

/** The notice, checked against the schema and the law; AppError VALIDATION_FAILED listing every problem. */
export function checkNotice(input: unknown): HolidayNoticeImport {
  const parsed = holidayNoticeImportSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError('VALIDATION_FAILED', '节假日安排通知有误', {
      fields: zodIssuesToFields(parsed.error),
    });
  }
  const problems: FieldIssue[] = [];
  parsed.data.days.forEach((day, index) => {
    if (day.kind !== 'workday') return;
    const statutory = statutoryHolidayOn(day.date);
    if (statutory !== undefined) {
      problems.push({
        path: `days.${index}.kind`,
        message: `${day.date} 是法定节假日（${statutory}），不能安排为工作日`,
      });
    } else if (![0, 6].includes(dayOfWeek(day.date))) {
      problems.push({
        path: `days.${index}.kind`,
        message: `${day.date} 不是周六或周日：调休上班日应为周末`,
      });
    }
  });
  if (problems.length > 0) {
    throw new AppError('VALIDATION_FAILED', '节假日安排通知有误', { fields: problems });
  }
  return parsed.data;
}

export function noticeSummary(notice: {
  year: number;
  title?: string;
  days: ReadonlyArray<{ kind: string }>;
  importedBy: string;
  importedAt: Date;
}): HolidayNoticeSummary {
  return {
    year: notice.year,
    ...(notice.title ? { title: notice.title } : {}),
    holidays: notice.days.filter((d) => d.kind === 'holiday').length,
    workdays: notice.days.filter((d) => d.kind === 'workday').length,
    importedAt: notice.importedAt.toISOString(),
    importedBy: notice.importedBy,
  };
}
