import type { Page } from 'playwright-core';
import { artifactPath, describeWithBrowser } from './support/browser';
import { openStage, type Running, type Stage } from './support/stage';

describeWithBrowser('catalog in the H5 app', (executablePath) => {
  let stage: Stage;
  let server: Running;
  let page: Page;

  beforeAll(async () => {
    stage = await openStage(executablePath);
    server = stage.server;
    [page] = stage.pages;
  });

  afterAll(() => stage?.close());

  it('shows the reform figure and themes on the home page', async () => {
    await page.goto(server.url, { waitUntil: 'domcontentloaded' });
    await page.locator('.reform-card').waitFor({ timeout: 30000 });
    await page.getByText('“最多跑一次”事项占比').waitFor();
    expect(await page.locator('.theme-grid__tile').count()).toBeGreaterThan(0);
  });

  it('finds 不动产登记 items by the initials bdcdj, opens a guide and shows its materials', async () => {
    const input = page.locator('.home__search input').first();
    await input.fill('bdcdj');
    await page.getByText('搜索', { exact: true }).first().click();

    // Taro's H5 router keeps earlier pages in the DOM (stationed): look inside the page being shown.
    await page.waitForURL(/packages\/catalog\/search/);
    const results = page.locator('.taro_page[id^="/packages/catalog/search"]');
    const firstRow = results.locator('.item-row').first();
    await firstRow.waitFor({ timeout: 30000 });
    const firstName = (await firstRow.locator('.item-row__name').innerText()).trim();
    expect(firstName).toContain('不动产');
    await page.waitForTimeout(600);
    await page.screenshot({ path: artifactPath('catalog-search-bdcdj.png') });

    await firstRow.click();
    await page.waitForURL(/packages\/catalog\/guide/);
    const guide = page.locator('.taro_page[id^="/packages/catalog/guide"]');
    await guide.locator('.material').first().waitFor({ timeout: 30000 });
    expect(await guide.locator('.material').count()).toBeGreaterThan(0);
    await guide.getByText('申请材料').first().waitFor();
    await guide.getByText(firstName).first().waitFor();
    const badges = await guide.locator('.material__badge').allInnerTexts();
    expect(badges.every((b) => ['必须提交', '容缺', '免提交', '已取消'].includes(b.trim()))).toBe(true);
    await page.waitForTimeout(600); // let the page's slide-in transition finish before the picture
    await page.screenshot({ path: artifactPath('catalog-guide.png'), fullPage: true });
  });

  it('a typo gets 您是不是要找 with the results meant; tapping it searches that, the title follows', async () => {
    // A tab of its own: Taro's H5 router keeps the earlier search page in the DOM.
    const tab = await stage.browsers[0]!.context.newPage();
    await tab.goto(`${server.url}/#/packages/catalog/search/index?q=${encodeURIComponent('营业执找')}`, {
      waitUntil: 'domcontentloaded',
    });
    const results = tab.locator('.taro_page[id^="/packages/catalog/search"]');
    const suggestion = results.locator('.catalog-browser__suggest');
    await suggestion.waitFor({ timeout: 30000 });
    await suggestion.getByText('没有找到“营业执找”，以下为近似结果').waitFor();
    // The demo's 设立登记 items are called 营业执照 (俗称) and come first.
    expect(await results.locator('.item-row__name').first().innerText()).toContain('设立登记');
    await tab.waitForTimeout(600);
    await tab.screenshot({ path: artifactPath('catalog-search-did-you-mean.png') });

    await suggestion.locator('.catalog-browser__suggest-link').click();
    await suggestion.waitFor({ state: 'detached', timeout: 30000 });
    await tab.waitForFunction("document.title === '搜索：营业执照'", undefined, { timeout: 10000 });
    await results.locator('.item-row').first().waitFor();
    await tab.close();
  });
});
