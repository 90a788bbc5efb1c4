import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { identityOf } from '../../bff/src/modules/auth/identity';
import { addCalendarDays, todayInChina } from '../../bff/src/modules/calendar';
import { person, principalOf } from '../../bff/src/modules/cases/testing/case-fixtures';
import { completedCase, storedRating } from '../../bff/src/modules/ratings/testing/rating-fixtures';
import { artifactPath, describeWithBrowser } from './support/browser';
import { button, input, visible } from './support/h5';
import { signInStaff } from './support/sign-in';
import { openStage, type Running, type Stage } from './support/stage';

/** 不动产登记（宅基地使用权及房屋所有权首次登记）: 市自然资源局 (demo.window's department). */
const ITEM = 'JX-ZRZY-0009';
const CLOSED_CASES = 3;

const testId = (page: Page, id: string) => visible(page, `[data-testid="${id}"]`);

/** The figure routes answered since `since` (the page's own requests). */
const statsAnswer = (page: Page, path: string, query: RegExp) =>
  page.waitForResponse((r) => {
    const url = new URL(r.url());
    return url.pathname === path && query.test(url.search) && r.status() === 200;
  });

/** Lets uCharts finish drawing before a screenshot. */
const settle = (page: Page) => page.waitForTimeout(400);

describeWithBrowser('督查 in the H5 app', (executablePath) => {
  let stage: Stage;
  let server: Running;
  let desk: Page;

  beforeAll(async () => {
    stage = await openStage(executablePath);
    server = stage.server;
    [desk] = stage.pages;

    // Something to measure this month: cases of 市自然资源局 taken to 办结 by demo.window, and ratings.
    const deps = server.deps;
    const users = identityOf(deps).users;
    const lead = await principalOf(deps, (await users.findByUsername('demo.window'))!);
    for (let i = 0; i < CLOSED_CASES; i++) {
      const applicant = await person(deps, 'citizen');
      await completedCase(deps, applicant.principal, lead, ITEM);
      await storedRating(deps, applicant.user.id, 'ZRZY', i === 0 ? 'dissatisfied' : 'satisfied');
    }
  });

  afterAll(() => stage?.close());

  it('demo.supervisor: headline and charts → switches the period → drills into a department → exports Excel', async () => {
    await signInStaff(desk, server.url, 'demo.supervisor');
    await testId(desk, 'section-supervision').click();

    // The headline row for 本月 (on the 1st of a month that is today only: a share may be — then).
    const oneTrip = testId(desk, 'figure-oneTripCaseShare');
    await oneTrip.waitFor();
    await expectText(oneTrip, /≤1次办结占比[\s\S]*(%|—)[\s\S]*目标 70%/);
    await expectText(testId(desk, 'figure-satisfaction'), /满意率/);

    // 自定义: the 90 days up to the BFF's today (the cases made above), typed in; the page asks again.
    // (The BFF's clock is the tests' clock; the page's 本月 / 近3月 follow the BFF's answer too.)
    const today = todayInChina(new Date());
    const from = addCalendarDays(today, -89);
    const range = (await testId(desk, 'period-range').textContent()) ?? '';
    await testId(desk, 'period-custom').click();
    await input(desk, '开始日期').fill(from);
    await input(desk, '结束日期').fill(today);
    const asked = statsAnswer(desk, '/api/stats/overview', new RegExp(`from=${from}&to=${today}`));
    await button(desk, '确定').click();
    await asked;
    await expectText(testId(desk, 'period-range'), new RegExp(`统计区间：${from} 至`));
    expect(await testId(desk, 'period-range').textContent()).not.toBe(range);
    await expectText(testId(desk, 'figure-satisfaction'), /满意率[\s\S]*%/);

    // The weekly trend (a canvas drawn by uCharts) and the departments ranked.
    await visible(desk, 'canvas#sv-trend').waitFor();
    await visible(desk, '[data-testid="row-ZRZY"]').waitFor();
    await settle(desk);
    expect(await canvasHasInk(desk, 'sv-trend')).toBe(true);
    // Taro's H5 page scrolls inside its own container: the phone-size view, then each chart as an element.
    await desk.screenshot({ path: artifactPath('supervision-overview.png') });
    await testId(desk, 'chart-sv-trend').screenshot({ path: artifactPath('supervision-trend.png') });
    await testId(desk, 'chart-sv-overview-ranking').screenshot({
      path: artifactPath('supervision-ranking.png'),
    });

    // Departments ranked (bar chart), then a tap on 市自然资源局 drills into its items.
    await visible(desk, 'canvas#sv-cases-ranking').waitFor();
    const drilled = statsAnswer(desk, '/api/stats/cases', /department=ZRZY/);
    await testId(desk, 'row-ZRZY').click();
    await drilled;
    await expectText(testId(desk, 'drill-crumbs'), /市自然资源局 · 各事项/);
    await testId(desk, `row-${ITEM}`).waitFor();
    await settle(desk);
    await testId(desk, 'stats-table').scrollIntoViewIfNeeded();
    await desk.screenshot({ path: artifactPath('supervision-drilldown.png') });

    // Excel export of the item table: the file the browser saves is read back.
    const [download] = await Promise.all([
      desk.waitForEvent('download'),
      testId(desk, 'export-area').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = artifactPath('supervision-cases.xlsx');
    await download.saveAs(file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.worksheets[0];
    const cells: Array<{ row: number; col: number; value: unknown }> = [];
    sheet.eachRow((row, r) => row.eachCell((cell, c) => cells.push({ row: r, col: c, value: cell.value })));
    // The item table's Chinese header row, and the item's row with its count as a number (not text).
    const codeHeader = cells.find((c) => c.value === '事项编码');
    expect(codeHeader).toBeDefined();
    const header = cells.find((c) => c.row === codeHeader!.row && c.value === '申报件数');
    expect(header).toBeDefined();
    const itemCell = cells.find((c) => c.col === codeHeader!.col && c.row > header!.row && c.value === ITEM);
    expect(itemCell).toBeDefined();
    const received = sheet.getRow(itemCell!.row).getCell(header!.col).value;
    expect(typeof received).toBe('number');
    expect(received as number).toBeGreaterThanOrEqual(CLOSED_CASES);
    // The period is in the header rows.
    expect(cells.some((c) => c.row < header!.row && String(c.value).includes(from))).toBe(true);

    // The 已导出 toast (2 s) goes before the next pictures.
    await desk.waitForTimeout(2500);

    // Back to every department; the trips distribution and the rating levels.
    await testId(desk, 'drill-up').click();
    await testId(desk, 'area-trips').click();
    await visible(desk, 'canvas#sv-trips-tripsDistribution').waitFor();
    await settle(desk);
    expect(await canvasHasInk(desk, 'sv-trips-tripsDistribution')).toBe(true);
    await testId(desk, 'chart-sv-trips-tripsDistribution').screenshot({
      path: artifactPath('supervision-trips.png'),
    });
    await testId(desk, 'area-ratings').click();
    await visible(desk, 'canvas#sv-ratings-levels').waitFor();
    await settle(desk);
    await testId(desk, 'chart-sv-ratings-levels').screenshot({
      path: artifactPath('supervision-ratings.png'),
    });
  });
});

async function expectText(locator: ReturnType<typeof visible>, re: RegExp) {
  await locator.waitFor();
  for (let i = 0; i < 50; i++) {
    if (re.test((await locator.textContent()) ?? '')) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(await locator.textContent()).toMatch(re);
}

/** Whether the canvas holds more than its white background (uCharts drew lines or bars). */
async function canvasHasInk(page: Page, id: string): Promise<boolean> {
  // A string, not a function: this project's tests compile without the DOM's types.
  const script = `(() => {
    const canvases = Array.from(document.querySelectorAll('canvas#${id}'));
    const canvas = canvases.find((c) => c.offsetParent !== null) || canvases[0];
    const ctx = canvas && canvas.getContext('2d');
    if (!ctx) return false;
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let coloured = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200) coloured++;
    return coloured > 100;
  })()`;
  return (await page.evaluate(script)) as boolean;
}
