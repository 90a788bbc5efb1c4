import Taro from '@tarojs/taro';
import {
  STATS_RESPONSE_SCHEMAS,
  statsOverviewResponseSchema,
  type StatsArea,
  type StatsBaseResponse,
} from '@app/shared';
import { ApiError, NETWORK_ERROR_MESSAGE, apiRequest, buildQuery, getBaseUrl } from './api-client';
import { readSession, refreshSession } from './auth';

// 督查 (capability `supervision`): the figure routes and Excel exports of bff/src/modules/supervision.
// Responses are checked with the shared contract (shared/src/supervision).

/**
 * The period and the filters of every figure route and export. Without `from`/`to` the BFF takes its
 * default (the 1st of this month … today, China days) and says which in the response's `period`: the
 * page's first load asks that way, so its 本月 is the BFF's, not the device's clock.
 */
export interface PeriodQuery {
  from?: string;
  to?: string;
  department?: string;
  hall?: string;
}

const toQuery = (q: PeriodQuery) => ({ from: q.from, to: q.to, department: q.department, hall: q.hall });

/** `GET /api/stats/overview`: the headline row, the weekly trend and the departments. */
export const getOverview = (q: PeriodQuery) =>
  apiRequest({ path: '/api/stats/overview', query: toQuery(q), schema: statsOverviewResponseSchema });

/** `GET /api/stats/<area>`: one area's headline, department (or item) table and series. */
export const getAreaStats = (area: StatsArea, q: PeriodQuery): Promise<StatsBaseResponse> =>
  apiRequest({ path: `/api/stats/${area}`, query: toQuery(q), schema: STATS_RESPONSE_SCHEMAS[area] });

/** Where the `.xlsx` of an area (or `overview`) for this period and filters is. */
export function exportUrl(area: StatsArea | 'overview', q: PeriodQuery): string {
  return `${getBaseUrl()}/api/stats/${area}/export${buildQuery(toQuery(q))}`;
}

const EXPORT_FAILED = '导出失败，请稍后重试';

function authHeader(): Record<string, string> {
  const session = readSession('staff');
  return session ? { Authorization: `Bearer ${session.accessToken}` } : {};
}

/** The error envelope's Chinese message of a failed export, when the body is one. */
async function failure(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.message)
      return new ApiError(body.error.code ?? 'HTTP_ERROR', body.error.message, res.status);
  } catch {
    // not JSON: the generic message below
  }
  return new ApiError('HTTP_ERROR', EXPORT_FAILED, res.status);
}

/** The file name the BFF gave (`filename*=UTF-8''…`), else a plain one. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  const star = disposition?.match(/filename\*=UTF-8''([^;]+)/i);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through
    }
  }
  const plain = disposition?.match(/filename="?([^";]+)"?/i);
  return plain ? plain[1] : fallback;
}

/** H5: fetch with the staff session (a plain link would carry none), then save the blob via a link. */
async function downloadInBrowser(url: string, fallbackName: string): Promise<void> {
  const get = () => fetch(url, { headers: authHeader() });
  let res: Response;
  try {
    res = await get();
    if (res.status === 401 && (await refreshSession('staff')) === 'ok') res = await get();
  } catch {
    throw new ApiError('NETWORK_ERROR', NETWORK_ERROR_MESSAGE);
  }
  if (!res.ok) throw await failure(res);
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = fileNameOf(res.headers.get('Content-Disposition'), fallbackName);
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Give the browser a moment to start the download before the blob goes.
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/** WeChat: download to a temp file, then open it (WeChat shows the sheet and offers to forward it). */
async function openInWeChat(url: string): Promise<void> {
  let res: { statusCode: number; tempFilePath: string };
  try {
    res = await Taro.downloadFile({ url, header: authHeader() });
  } catch {
    throw new ApiError('NETWORK_ERROR', NETWORK_ERROR_MESSAGE);
  }
  if (res.statusCode < 200 || res.statusCode >= 300) {
    throw new ApiError(
      'HTTP_ERROR',
      res.statusCode === 403 ? '无权导出该范围的数据' : EXPORT_FAILED,
      res.statusCode,
    );
  }
  await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'xlsx', showMenu: true });
}

/** Excel export of one table: downloaded in H5, opened with openDocument in WeChat. */
export function exportTable(area: StatsArea | 'overview', q: PeriodQuery, name: string): Promise<void> {
  const url = exportUrl(area, q);
  const fallback = q.from && q.to ? `${name}-${q.from}-${q.to}.xlsx` : `${name}.xlsx`;
  return process.env.TARO_ENV === 'weapp' ? openInWeChat(url) : downloadInBrowser(url, fallback);
}
