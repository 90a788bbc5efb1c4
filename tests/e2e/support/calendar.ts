import type { Locator } from 'playwright-core';

/**
 * Taps the first bookable day of the booking calendar (预约办理 step 2), paging to the next month
 * while the shown one has none: near a long holiday the first bookable day can be weeks away. A
 * month counts as shown once its title has changed and its days (with their states) are drawn.
 */
export async function pickOpenDay(calendar: Locator, monthsToTry = 3): Promise<void> {
  const title = calendar.locator('[data-testid="calendar-month"]');
  const days = calendar.locator('.appt-cal__day:not(.appt-cal__day--blank)');
  const open = calendar.locator('.appt-cal__day[data-state="open"]').first();
  for (let tried = 0; tried < monthsToTry; tried++) {
    await days.first().waitFor({ timeout: 30000 });
    // The states arrive with the month's availability; give a redraw a moment before deciding.
    if (
      await open.waitFor({ timeout: 5000 }).then(
        () => true,
        () => false,
      )
    ) {
      await open.click({ timeout: 30000 });
      return;
    }
    const shown = await title.innerText();
    await calendar.getByText('下月 ›').click();
    await title.filter({ hasNotText: shown }).waitFor({ timeout: 30000 });
  }
  throw new Error(`no bookable day in the calendar's next ${monthsToTry} months`);
}
