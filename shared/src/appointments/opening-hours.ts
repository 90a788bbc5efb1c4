/**
 * A hall's opening hours as the catalogue words them (`工作日 8:30–11:30，13:30–17:00（法定节假日休息）`,
 * `周一至周五 9:00–12:00，13:30–17:00；周六 9:00–12:00`), read into sessions per weekday, so booking
 * slots can be kept inside them (lunch break and shortened days included).
 */
export interface OpeningSession {
  start: string;
  end: string;
}

const DAY_CHARS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };
const RANGE = /(\d{1,2})[:：](\d{2})\s*[–—\-~～至到]+\s*(\d{1,2})[:：](\d{2})/g;

function hhmm(h: string, m: string): string {
  return `${h.padStart(2, '0')}:${m}`;
}

function rangesIn(text: string): OpeningSession[] {
  const out: OpeningSession[] = [];
  for (const m of text.matchAll(RANGE)) {
    const start = hhmm(m[1], m[2]);
    const end = hhmm(m[3], m[4]);
    if (start < end) out.push({ start, end });
  }
  return out.sort((a, b) => (a.start < b.start ? -1 : 1));
}

/** Which weekdays (1 = Monday … 7 = Sunday) a segment names; undefined when it names none (= every working day). */
function weekdaysOf(segment: string): Set<number> | undefined {
  const head = segment.split(RANGE)[0] ?? '';
  if (/工作日/.test(head)) return new Set([1, 2, 3, 4, 5]);
  const span = /周([一二三四五六日天])\s*[至到\-–~～]\s*周?([一二三四五六日天])/.exec(head);
  if (span) {
    const from = DAY_CHARS[span[1]];
    const to = DAY_CHARS[span[2]];
    const days = new Set<number>();
    for (let d = from; d <= to; d++) days.add(d);
    return days;
  }
  const singles = [...head.matchAll(/[周星期]+([一二三四五六日天])/g)].map((m) => DAY_CHARS[m[1]]);
  return singles.length ? new Set(singles) : undefined;
}

/**
 * The sessions of a day with this weekday (1 = Monday … 7 = Sunday). A 调休 make-up working day on a
 * weekend follows the ordinary working-day hours (`makeUpWorkday`). Empty when the text has no times.
 */
export function openingSessionsOn(text: string, weekday: number, makeUpWorkday = false): OpeningSession[] {
  const hasTime = new RegExp(RANGE.source);
  const segments = text.split(/[；;。\n]/).filter((s) => hasTime.test(s));
  const wanted = makeUpWorkday ? 1 : weekday;
  let general: OpeningSession[] | undefined;
  for (const segment of segments) {
    const days = weekdaysOf(segment);
    const ranges = rangesIn(segment);
    if (!ranges.length) continue;
    if (!days) general ??= ranges;
    else if (days.has(wanted)) return ranges;
  }
  return general ?? [];
}

/**
 * Booking sessions cut to the opening hours: each session keeps only its parts inside an opening
 * session (a session running into the lunch break or past closing is shortened). With no opening
 * hours known, the sessions are returned unchanged.
 */
export function clipToOpeningHours(
  sessions: readonly OpeningSession[],
  opening: readonly OpeningSession[],
): OpeningSession[] {
  if (!opening.length) return [...sessions];
  const out: OpeningSession[] = [];
  for (const s of sessions) {
    for (const o of opening) {
      const start = s.start > o.start ? s.start : o.start;
      const end = s.end < o.end ? s.end : o.end;
      if (start < end) out.push({ start, end });
    }
  }
  return out.sort((a, b) => (a.start < b.start ? -1 : 1));
}
