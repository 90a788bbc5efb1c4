// TEMPORARY visual preview against stubbed figure routes (not committed).
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../bff/src/modules/users/demo/demo-accounts';
import { describeWithBrowser, launchBrowser } from './support/browser';
import { startProductServer } from './support/server';

const visible = (page: Page, s: string) => page.locator(`${s} >> visible=true`).first();
const fig = (value: number | null, previous: number | null) => ({ value, previous });
const DEPTS = [['ZRZY','市自然资源局'],['SCJG','市市场监督管理局'],['GA','市公安局'],['SW','市税务局'],['RS','市人力资源和社会保障局'],['ZJ','市住房和城乡建设局']];
function frame(url: string, extra: Record<string, unknown>) {
  const q = new URL(url).searchParams;
  const d = q.get('department');
  return { period: { from: q.get('from'), to: q.get('to'), days: 30 }, previousPeriod: { from: '2026-10-01', to: '2026-10-31', days: 31 },
    filters: d ? { department: d } : {}, generatedAt: new Date().toISOString(), table: d ? 'item' : 'department', ...extra };
}
function body(url: string) {
  const u = new URL(url);
  const area = u.pathname.split('/')[3];
  const d = u.searchParams.get('department');
  const rows = d ? [{ key: 'JX-ZRZY-0009', name: '不动产登记（宅基地使用权及房屋所有权首次登记）', received: 12, accepted: 11, closed: 10, onTimeShare: 0.9, overdueOpen: 1, medianDays: 3, p90Days: 7, correctionRate: 0.1 }]
    : DEPTS.map(([key, name], i) => ({ key, name, received: 40 - i * 5, accepted: 38 - i * 5, closed: 35 - i * 5, onTimeShare: 0.95 - i * 0.06, overdueOpen: i, medianDays: 2 + i, p90Days: 6 + i, correctionRate: 0.05 * i,
      closedCases: 35 - i * 5, oneTripCaseShare: 0.9 - i * 0.07, satisfaction: 0.97 - i * 0.02, itemShare: 0.85 - i * 0.05, tripsPerCase: 0.8 + i * 0.2, booked: 100 - i * 10, total: 20 - i, share: 0.96 - i * 0.03, asked: 30 - i }));
  const rowsKey = d ? 'byItem' : 'byDepartment';
  if (area === 'overview') return frame(url, { target: 0.7, headline: { oneTripCaseShare: fig(0.74, 0.69), itemShare: fig(0.82, 0.8), satisfaction: fig(0.953, 0.961), onTimeShare: fig(0.91, 0.88), overdueOpen: fig(4, 7) },
    trend: Array.from({ length: 12 }, (_, i) => ({ weekStart: `2026-${String(9 + Math.floor(i / 4)).padStart(2, '0')}-${String(1 + (i % 4) * 7).padStart(2, '0')}`, casesClosed: 50 + i, onTimeShare: 0.8 + (i % 5) * 0.03, satisfaction: 0.93 + (i % 3) * 0.02, oneTripShare: 0.62 + i * 0.01 })), [rowsKey]: rows });
  const headline: Record<string, unknown> = { received: fig(300, 280), onTimeShare: fig(0.9, 0.85), itemShare: fig(0.82, 0.8), oneTripCaseShare: fig(0.74, 0.69), tripsPerCase: fig(1.1, 1.3), total: fig(120, 100), share: fig(0.95, 0.96), booked: fig(800, 760) };
  const extra: Record<string, unknown> = {
    trips: { target: 0.7, tripsDistribution: [['0','零跑腿',80,70],['1','跑 1 次',130,120],['2','跑 2 次',40,55],['3+','跑 3 次及以上',10,18]].map(([bucket,label,count,prev]) => ({ bucket, label, count, share: 0.3, previousCount: prev })),
      itemsByLevel: [{ level: '市级', publishedItems: 300, atMostOneTripItems: 250, zeroTripItems: 40, itemShare: 0.83 }, { level: '县区', publishedItems: 200, atMostOneTripItems: 150, zeroTripItems: 20, itemShare: 0.75 }] },
    cases: { overdueByDepartment: DEPTS.slice(0, 4).map(([key, name], i) => ({ key, name, overdueOpen: 4 - i })), correctionByItem: [] },
    appointments: { waitingByHour: [9,10,11,13,14,15,16].map((hour, i) => ({ hour, count: 20 + i, median: 8 + (i % 3) * 4, p90: 20 + i * 2 })), byHall: [], slotUseByWeekday: ['周一','周二','周三','周四','周五'].map((label, i) => ({ label, booked: 80, capacity: 100, share: 0.6 + i * 0.07 })) },
    consultations: {},
    complaints: { byKind: [{ label: '投诉', count: 12, previous: 10 }, { label: '建议', count: 5, previous: 7 }, { label: '举报', count: 2, previous: 1 }] },
    ratings: { levels: [['非常满意',200,180],['满意',120,130],['基本满意',30,25],['不满意',8,10],['非常不满意',2,4]].map(([label,count,previous]) => ({ label, count, previous })) },
  };
  return frame(url, { headline, [rowsKey]: rows, ...(extra[area] as object) });
}

describeWithBrowser('preview', (exe) => {
  it('screens', async () => {
    const server = await startProductServer();
    const b = await launchBrowser(exe);
    const page = await b.context.newPage();
    page.setDefaultTimeout(30000);
    await page.route(/\/api\/stats\/(overview|trips|cases|appointments|consultations|complaints|ratings)(\?|$)/, (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body(route.request().url())) }));
    try {
      await page.goto(`${server.url}/#/packages/auth/staff-login/index`);
      await visible(page, '[aria-label="用户名"] input, input[aria-label="用户名"]').fill('demo.supervisor');
      await visible(page, '[aria-label="密码"] input, input[aria-label="密码"]').fill(DEMO_PASSWORD);
      await visible(page, 'taro-button-core:has(:text-is("登录"))').click();
      await page.screenshot({ path: '/tmp/svprev/0-workbench.png', fullPage: true });
      await visible(page, '[data-testid="section-supervision"]').click();
      await visible(page, 'canvas#sv-trend').waitFor();
      await page.waitForTimeout(800);
      await page.screenshot({ path: '/tmp/svprev/1-overview.png', fullPage: true });
      await visible(page, '[data-testid="chart-sv-overview-ranking"]').screenshot({ path: '/tmp/svprev/1-ranking.png' });
      for (const a of ['trips', 'appointments', 'ratings']) {
        await visible(page, `[data-testid="area-${a}"]`).click();
        await page.waitForTimeout(1200);
        await page.screenshot({ path: `/tmp/svprev/2-${a}.png`, fullPage: true });
        const charts = page.locator('[data-testid^="chart-sv-"] >> visible=true');
        for (let i = 0; i < (await charts.count()); i++) await charts.nth(i).screenshot({ path: `/tmp/svprev/2-${a}-${i}.png` });
      }
      await visible(page, '[data-testid="area-cases"]').click();
      await visible(page, '[data-testid="row-ZRZY"]').click();
      await page.waitForTimeout(1200);
      await page.screenshot({ path: '/tmp/svprev/3-drill.png', fullPage: true });
    } finally {
      await b.close();
      await server.shutdown();
    }
  }, 180000);
});
