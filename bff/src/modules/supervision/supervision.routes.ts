import {
  STATS_AREA_LABELS,
  STATS_RESPONSE_SCHEMAS,
  statsQuerySchema,
  statsRatingsQuerySchema,
  type Role,
} from '@app/shared';
import type { AppDeps } from '../../app-deps';
import { sendPreparedJson } from '../../http/prepared-json';
import { route, type RouteDef } from '../../http/route-table';
import { noteAudit } from '../audit/services/audit.service';
import { supervisionOf, type StatsRoute } from './supervision.module';
import { statsRollupModel } from './models/stats-rollup.model';

const TAG = 'supervision';
/** Supervisors and admins: every department; staff: their own department (the service checks). */
const READERS: readonly Role[] = ['staff', 'supervisor', 'admin'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ERRORS = [
  '400:STATS_PERIOD_INVALID',
  '400:STATS_PERIOD_TOO_LONG',
  '400:STATS_FILTER_UNKNOWN',
  '403:STATS_DEPARTMENT_FORBIDDEN',
];

const SUMMARIES: Record<StatsRoute, string> = {
  overview:
    '督查总览：≤1次办结占比、≤1次事项占比（对照 70%）、满意率、按时办结率、当前超期在办，按周趋势，部门排名',
  trips:
    '跑动次数：≤1次事项占比与零跑腿事项（按部门、层级），办结件跑动次数（均值、0/1/2/3+ 分布、≤1次占比）',
  cases:
    '办件：申报、受理、办结，按时办结率，当前超期在办，办理时长（工作日，中位数与P90），补正率（按事项：页面为最高的 50 项，导出为全部）',
  appointments:
    '预约：预约、签到、取消、爽约率，签到到叫号的等候时长（按大厅、按时段），号源使用率（按大厅、星期）',
  consultations: '咨询：咨询与答复数，答复用时（工作小时，中位数与P90），超期数，常见问题提前解答数',
  complaints:
    '投诉建议：按类型与部门的件数、按时办结率、重办占比、重复投诉率、回访满意率；兼含原有的总数、在办、超期、各状态数',
  ratings: '好差评：满意率、各等级数、差评整改（按时、超期、未完成）；兼含原有的 by= 分组表与整改按时率',
};
const ROUTES: StatsRoute[] = [
  'overview',
  'trips',
  'cases',
  'appointments',
  'consultations',
  'complaints',
  'ratings',
];

/**
 * 督查 (issue 14): each area's figures for a period and filters, with the period before (环比), and
 * each as an .xlsx export (audited). Period default: this month up to today.
 */
export function supervisionRoutes(deps: AppDeps): RouteDef[] {
  // Registered now so the app's syncIndexes creates the roll-ups' index ({part, day}).
  statsRollupModel(deps.mongo.connection);
  const s = () => supervisionOf(deps);
  const figureRoutes = ROUTES.map((area) =>
    route({
      method: 'get',
      path: `/api/stats/${area}`,
      summary: `督查 · ${SUMMARIES[area]}`,
      tag: TAG,
      policy: { access: 'signed-in', roles: READERS },
      request: { query: area === 'ratings' ? statsRatingsQuerySchema : statsQuerySchema },
      response: STATS_RESPONSE_SCHEMAS[area],
      errors: ERRORS,
      // Sent as stored (UTF-8 bytes, or gzip when accepted): a cached answer is never re-serialised.
      raw: true,
      handler: ({ query, auth, ctx }) => {
        const atOnce = s().preparedFigureAtOnce(area, query, auth!);
        if (atOnce) return sendPreparedJson(ctx, atOnce);
        return s()
          .preparedFigure(area, query, auth!)
          .then((prepared) => sendPreparedJson(ctx, prepared));
      },
    }),
  );
  const exportRoutes = ROUTES.map((area) =>
    route({
      method: 'get',
      path: `/api/stats/${area}/export`,
      summary: `督查 · 导出 Excel（${STATS_AREA_LABELS[area]}）：表头含统计期间与筛选条件，中文列名，数字为数值；不给期间时为本月`,
      tag: TAG,
      policy: { access: 'signed-in', roles: READERS, audited: true },
      request: { query: statsQuerySchema },
      raw: true,
      rawTypes: [XLSX],
      errors: ERRORS,
      handler: async ({ query, auth, ctx }) => {
        const { filename, stream, figures } = await s().exportOf(area, query, auth!);
        noteAudit(ctx, {
          action: 'supervision.export',
          target: area,
          after: { area, period: figures.period, filters: figures.filters },
        });
        ctx.set('Content-Type', XLSX);
        ctx.set('Cache-Control', 'private, no-store');
        ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`);
        ctx.status = 200;
        ctx.body = stream;
      },
    }),
  );
  return [...figureRoutes, ...exportRoutes];
}
