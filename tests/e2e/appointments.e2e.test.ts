import type { Page } from 'playwright-core';
import { todayInChina } from '../../bff/src/modules/calendar/services/china-time';
import { artifactPath, describeWithBrowser } from './support/browser';
import { withIdCheckDigit } from './support/id-numbers';
import { pickOpenDay } from './support/calendar';
import { widenBookingWindow } from './support/server';
import { giveRealName, signInStaff } from './support/sign-in';
import { openStage, type Running, type Stage } from './support/stage';

/** A 市公安局 item handled at 市政务服务中心 (HALL-SZ) in the demo data. */
const ITEM = 'JX-GA-0001';

describeWithBrowser('appointments in the H5 app', (executablePath) => {
  let stage: Stage;
  let server: Running;
  let page: Page;
  let desk: Page;
  let bookingCode = '';

  const inPage = (p: Page, route: string) => p.locator(`.taro_page[id^="/packages/appointments/${route}"]`);

  beforeAll(async () => {
    stage = await openStage(executablePath, {
      browsers: 2,
      prepare: (s) => widenBookingWindow(s, 'HALL-SZ'),
    });
    server = stage.server;
    [page, desk] = stage.pages;
  });

  afterAll(() => stage?.close());

  it('books a slot from the guide and shows the ticket with its code', async () => {
    // Booking needs 实名信息: this person fills it in first (我的 → 去实名认证, the users route).
    await giveRealName(page, server.url, { name: '张预约', id17: '23030219900307271', phone: '13812340000' });

    await page.goto(`${server.url}/#/packages/catalog/guide/index?code=${ITEM}`, {
      waitUntil: 'domcontentloaded',
    });
    await page.locator('.guide-book .nut-button').first().click({ timeout: 60000 });

    await inPage(page, 'halls').locator('.appt-hall').first().click({ timeout: 30000 });

    const calendar = inPage(page, 'date');
    await pickOpenDay(calendar);

    await inPage(page, 'slot').locator('.appt-slot[data-state="open"]').first().click({ timeout: 30000 });
    await inPage(page, 'confirm').locator('.appt-confirm__submit').click({ timeout: 30000 });

    const ticket = inPage(page, 'ticket');
    const code = ticket.locator('.appt-ticket__code');
    await code.waitFor({ timeout: 30000 });
    bookingCode = (await code.innerText()).replace(/\s/g, '');
    expect(bookingCode).toMatch(/^[A-Z0-9]{6,12}$/);
    await ticket.getByText('已预约').first().waitFor();
    await ticket.locator('.qr-code img').first().waitFor();
    await page.waitForTimeout(600);
    await page.screenshot({ path: artifactPath('appointment-ticket.png'), fullPage: true });
  });

  it('staff check the person in; the ticket then shows 已签到 with a queue number', async () => {
    // Time travel for the test only: booking closes the day before, so make the appointment today's,
    // starting now, as it will be when the person walks into the hall.
    const now = Date.now();
    const moved = await server.deps.mongo.connection.collection('appointment_bookings').updateOne(
      { code: bookingCode },
      {
        $set: {
          date: todayInChina(now),
          slotStartsAt: new Date(now - 5 * 60_000),
          slotEndsAt: new Date(now + 60 * 60_000),
        },
      },
    );
    expect(moved.modifiedCount).toBe(1);

    await signInStaff(desk, server.url, 'demo.window');
    await desk.locator('[data-testid="section-check-in"]').click({ timeout: 30000 });

    await desk
      .locator('[aria-label="预约码"] input, input[aria-label="预约码"]')
      .first()
      .fill(bookingCode, { timeout: 30000 });
    await desk.locator('[data-testid="check-in"] .nut-button', { hasText: '签到' }).click();
    await desk.locator('[data-testid="check-in-result"]').getByText('已签到').waitFor({ timeout: 30000 });
    const queueNo = (await desk.locator('[data-testid="check-in-queue-no"]').innerText()).trim();
    expect(queueNo).toMatch(/^[A-Z]\d{3}$/);
    await desk.screenshot({ path: artifactPath('appointment-staff-check-in.png'), fullPage: true });
    // 核对身份: masked until the clerk taps; then the full name and the ID number's last 4 (audited).
    const result = desk.locator('[data-testid="check-in-result"]');
    expect(await result.innerText()).not.toContain('张预约');
    await result.locator('.nut-button', { hasText: '查看全名和身份证后 4 位' }).click();
    const identity = desk.locator('[data-testid="check-in-identity"]');
    await identity.waitFor({ timeout: 30000 });
    expect(await identity.innerText()).toContain('姓名：张预约');
    expect(await identity.innerText()).toContain(
      `身份证号后 4 位：${withIdCheckDigit('23030219900307271').slice(-4)}`,
    );
    await desk.waitForTimeout(600);
    await desk.screenshot({ path: artifactPath('appointment-staff-identity.png') });

    await page.reload({ waitUntil: 'domcontentloaded' });
    const ticket = inPage(page, 'ticket');
    await ticket.getByText('已签到').first().waitFor({ timeout: 30000 });
    await expect(ticket.locator('[data-testid="queue-no"]').innerText()).resolves.toContain(queueNo);
    await page.waitForTimeout(600);
    await page.screenshot({ path: artifactPath('appointment-ticket-checked-in.png'), fullPage: true });
  });

  it('staff close a slot from 名额与停约 (after a confirmation); the list marks it 停约', async () => {
    await desk.locator('taro-button-core:has(:text-is("名额与停约"))').click({ timeout: 30000 });
    const capacity = inPage(desk, 'capacity');
    // Today may be a weekend or holiday: the first quick choice after 今天 is always a working day.
    const chips = capacity.locator('[data-testid^="day-chip-"]');
    const nextChip = chips.nth(1);
    const nextDay = (await nextChip.getAttribute('data-testid', { timeout: 30000 }))!.slice(
      'day-chip-'.length,
    );
    const pickedBefore = await capacity.locator('[data-testid="picked-day"]').innerText();
    await nextChip.click();
    // The pick must have taken: the chip is active and the heading changed (no passing by accident on 今天).
    await capacity
      .locator(`[data-testid="day-chip-${nextDay}"][data-active="true"]`)
      .waitFor({ timeout: 30000 });
    await expect(capacity.locator('[data-testid="picked-day"]').innerText()).resolves.not.toBe(pickedBefore);
    const open = capacity.locator('[data-testid^="cap-slot-"][data-closed="false"]').first();
    const slotId = await open.getAttribute('data-testid', { timeout: 30000 });
    const slot = capacity.locator(`[data-testid="${slotId}"]`);
    await slot.locator('taro-button-core:has(:text-is("停约"))').click();
    await capacity
      .locator('[aria-label="原因"] input, input[aria-label="原因"]')
      .first()
      .fill('窗口人员培训', { timeout: 30000 });
    await capacity.locator('taro-button-core:has(:text-is("确认停约"))').click();
    // Taro H5's showModal: the box is fixed-positioned inside a zero-size wrapper.
    const modal = desk.locator('.taro__modal .taro-modal__content >> visible=true');
    await expect(modal.locator('.taro-modal__text').innerText({ timeout: 30000 })).resolves.toContain('停约');
    await modal.locator('.taro-model__confirm').click();
    await capacity.locator(`[data-testid="${slotId}"][data-closed="true"]`).waitFor({ timeout: 30000 });
    await expect(slot.innerText()).resolves.toContain('停约原因：窗口人员培训');
    await desk.screenshot({ path: artifactPath('appointment-staff-capacity.png'), fullPage: true });
  });
});
