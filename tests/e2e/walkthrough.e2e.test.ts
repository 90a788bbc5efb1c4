import type { Locator, Page } from 'playwright-core';
import { artifactPath, describeWithBrowser } from './support/browser';
import { withIdCheckDigit } from './support/id-numbers';
import { pickOpenDay } from './support/calendar';
import { widenBookingWindow } from './support/server';
import { signInStaff } from './support/sign-in';
import { openStage, type Running, type Stage } from './support/stage';

// The page's own globals inside page.evaluate (this workspace compiles without the DOM library).
interface PageElement {
  innerText: string;
  getBoundingClientRect(): { left: number; top: number; width: number; height: number };
  contains(other: unknown): boolean;
}
declare const document: {
  elementFromPoint(x: number, y: number): unknown;
  querySelector(selector: string): PageElement | null;
};

/** A 市公安局 item handled at 市政务服务中心 (HALL-SZ) in the demo data. */
const ITEM = 'JX-GA-0001';

/**
 * What a person trips over on a phone (issue 17), walked in the H5 app at 390×844: errors drawn where
 * they are seen, unknown addresses, counts that refresh, independent staff and citizen sessions.
 */
describeWithBrowser('walking the H5 app on a phone', (executablePath) => {
  let stage: Stage;
  let server: Running;
  let page: Page;

  const inPage = (route: string) => page.locator(`.taro_page[id^="/packages/appointments/${route}"]`);
  const shot = async (name: string) => {
    await page.waitForTimeout(600);
    await page.screenshot({ path: artifactPath(name) });
  };
  /** In the viewport and not covered by anything (e.g. a bar fixed at the bottom). */
  const expectSeen = async (target: Locator) => {
    await target.waitFor({ timeout: 30000 });
    const box = (await target.boundingBox())!;
    const viewport = page.viewportSize()!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
    const isOnTop = () =>
      target.evaluate((node) => {
        const el = node as unknown as PageElement;
        const r = el.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 10));
        return !!hit && (el === hit || el.contains(hit));
      });
    // What a person sees once the page has settled: while a page slides in (or a toast fades) the
    // point can briefly belong to something else, so look again for up to 5 s before failing.
    let onTop = await isOnTop();
    for (let i = 0; !onTop && i < 50; i++) {
      await page.waitForTimeout(100);
      onTop = await isOnTop();
    }
    expect(onTop).toBe(true);
  };

  beforeAll(async () => {
    stage = await openStage(executablePath, { prepare: (s) => widenBookingWindow(s, 'HALL-SZ') });
    server = stage.server;
    [page] = stage.pages;
  });

  afterAll(() => stage?.close());

  it('an unknown address shows 页面不存在 with a way home', async () => {
    await page.goto(`${server.url}/#/packages/nowhere/index?x=1`, { waitUntil: 'domcontentloaded' });
    const notFound = page.locator('[data-testid="not-found"]');
    await notFound.waitFor({ timeout: 60000 });
    expect(await notFound.innerText()).toContain('页面不存在');
    await shot('walkthrough-not-found.png');
    await notFound.locator('.nut-button', { hasText: '返回首页' }).click();
    await page.locator('.reform-card__detail').first().waitFor({ timeout: 30000 });
    // the parts of the reform figure read as parts of the whole
    expect(await page.locator('.reform-card__detail').first().innerText()).toMatch(
      /最多跑一次（≤1 次）\d+ 项，含零跑腿 \d+ 项/,
    );
    await shot('walkthrough-home.png');
  });

  it('a second booking the same day: the refusal is seen next to 确认预约 (never under the bar); counts refresh', async () => {
    await page.goto(`${server.url}/#/packages/catalog/guide/index?code=${ITEM}`, {
      waitUntil: 'domcontentloaded',
    });
    await page.locator('.guide-book .nut-button').first().click({ timeout: 60000 });
    await inPage('halls').locator('.appt-hall').first().click({ timeout: 30000 });
    const calendar = inPage('date');
    await pickOpenDay(calendar);

    const firstSlot = inPage('slot').locator('.appt-slot[data-state="open"]').first();
    await firstSlot.waitFor({ timeout: 30000 });
    const before = await firstSlot.innerText();
    // slots stay inside the hall's opening hours (8:30–11:30, 13:30–17:00)
    const times = await inPage('slot').locator('.appt-slot').allInnerTexts();
    expect(times.join(' ')).not.toContain('11:30–12:00');
    const chosenSlot = (await firstSlot.innerText()).match(/\d{2}:\d{2}–\d{2}:\d{2}/)![0];
    await firstSlot.click();

    // A new person has no 实名信息: the confirm page says so; the form brings them back to this slot.
    const confirm = inPage('confirm');
    await expectSeen(confirm.locator('[data-testid="real-name-needed"]'));
    expect(await confirm.locator('.appt-confirm__submit').count()).toBe(0);
    await shot('walkthrough-booking-needs-real-name.png');
    await confirm.locator('.appt-confirm__real-name').click();
    const field = (label: string) =>
      page.locator(`[aria-label="${label}"] input, input[aria-label="${label}"]`).first();
    await field('姓名').waitFor({ timeout: 30000 });
    // No white strip under the title bar: the form's box starts where its page starts.
    const gap = await page.evaluate(() => {
      const form = document.querySelector('.taro_page[id^="/packages/users/real-name"] .real-name');
      const pageBox = document.querySelector('.taro_page[id^="/packages/users/real-name"]');
      return form && pageBox
        ? form.getBoundingClientRect().top - pageBox.getBoundingClientRect().top
        : Number.NaN;
    });
    expect(gap).toBe(0);
    await shot('walkthrough-real-name-form.png');
    await field('姓名').fill('李预约');
    await field('身份证号').fill(withIdCheckDigit('23030219850612452'));
    await field('手机号').fill('13912345678');
    await page.locator('.nut-button', { hasText: '提交实名信息' }).first().click();
    // Back on the SAME confirm page (not the start of the flow), the banner gone.
    await confirm.locator('.appt-confirm__submit').waitFor({ timeout: 30000 });
    expect(await confirm.locator('[data-testid="summary"]').innerText()).toContain(chosenSlot);
    expect(await confirm.locator('[data-testid="real-name-needed"]').count()).toBe(0);
    await confirm.locator('.appt-confirm__submit').click({ timeout: 30000 });
    await inPage('ticket').locator('.appt-ticket__code').waitFor({ timeout: 30000 });

    // Back to the slot list: its count is loaded again, not what it showed before booking.
    await page.goBack();
    const again = inPage('slot').locator('.appt-slot').first();
    await again.waitFor({ timeout: 30000 });
    await page.waitForFunction(
      ([sel, old]) => {
        const el = document.querySelector(sel);
        return !!el && el.innerText !== old;
      },
      ['.taro_page[id^="/packages/appointments/slot"] .appt-slot', before] as const,
      { timeout: 30000 },
    );

    await inPage('slot').locator('.appt-slot[data-state="open"]').last().click({ timeout: 30000 });
    await inPage('confirm').locator('.appt-confirm__submit').click({ timeout: 30000 });
    const error = inPage('confirm').locator('[data-testid="action-error"]');
    await expectSeen(error);
    expect(await error.innerText()).toContain('您当天已预约过该事项');
    await shot('walkthrough-duplicate-booking.png');
  });

  it('staff log in and out of the workbench; the citizen in the same browser stays signed in', async () => {
    await page.goto(`${server.url}/#/pages/mine/index`, { waitUntil: 'domcontentloaded' });
    await page.getByText('已实名').first().waitFor({ timeout: 30000 });

    await signInStaff(page, server.url, 'demo.window');
    await page.getByText('王窗口').first().waitFor({ timeout: 30000 });
    await page.locator('[data-testid="section-capacity"]').waitFor();
    // Tiles with what waits (badges, when the demo data has any): the screenshot shows them.
    await page.waitForTimeout(1500);
    await shot('walkthrough-workbench.png');

    await page.locator('.workbench__footer .nut-button', { hasText: '退出登录' }).click();
    // Taro H5's showModal: the box is fixed-positioned inside a zero-size wrapper.
    const modal = page.locator('.taro__modal .taro-modal__content >> visible=true');
    await modal.locator('.taro-model__confirm').click({ timeout: 30000 });
    await page
      .getByText('已退出登录')
      .first()
      .waitFor({ timeout: 30000 })
      .catch(() => undefined);
    await page.goto(`${server.url}/#/pages/mine/index`, { waitUntil: 'domcontentloaded' });
    await page.getByText('已实名').first().waitFor({ timeout: 30000 });
    expect(await page.locator('body').innerText()).not.toContain('您已退出登录');
    await shot('walkthrough-mine-after-staff-logout.png');
  });

  it('the supervisor sees only what they can do, and an audit log in Chinese with names and numbers', async () => {
    await signInStaff(page, server.url, 'demo.supervisor');
    await page.locator('[data-testid="section-audit"]').waitFor({ timeout: 30000 });
    // no hall: 预约签到 / 名额与停约 are not offered (they could only say 您的账号未分配服务大厅)
    expect(await page.locator('[data-testid="section-check-in"]').count()).toBe(0);
    expect(await page.locator('[data-testid="section-capacity"]').count()).toBe(0);
    await shot('walkthrough-supervisor-workbench.png');

    await page.locator('[data-testid="section-audit"]').click();
    const entries = page.locator('[data-testid="audit-entry"]');
    await entries.first().waitFor({ timeout: 30000 });
    const text = (await entries.allInnerTexts()).join('\n');
    expect(text).toContain('工作人员登录');
    expect(text).toContain('王窗口');
    expect(text).not.toMatch(/\/api\/|auth\.staff-login|失败 \d{3}|[a-f0-9]{24}/);
    await shot('walkthrough-audit-log.png');
  });
});
