import type { Page } from 'playwright-core';

// Taro's H5 router keeps earlier pages in the DOM: every locator takes the visible match.
export const visible = (page: Page, selector: string) => page.locator(`${selector} >> visible=true`).first();
export const button = (page: Page, label: string) =>
  visible(page, `taro-button-core:has(:text-is("${label}"))`);
export const input = (page: Page, label: string) =>
  visible(page, `[aria-label="${label}"] input, input[aria-label="${label}"]`);
export const textarea = (page: Page, label: string) =>
  visible(page, `[aria-label="${label}"] textarea, textarea[aria-label="${label}"]`);
/** Taps 确定 on the confirmation box the app shows before a step that cannot be undone. */
export const confirm = (page: Page) => visible(page, '.taro-model__confirm').click();

/** Taps the button `label`, then confirms the box it opens. */
export async function pressAndConfirm(page: Page, label: string): Promise<void> {
  await button(page, label).click();
  await confirm(page);
}

/** A 1×1 PNG: uploads are checked by their magic bytes, so it must be a real image. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** Picks PNG as the file `name` in the file chooser that `trigger` opens. */
export async function upload(page: Page, trigger: () => Promise<void>, name: string): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), trigger()]);
  await chooser.setFiles({ name, mimeType: 'image/png', buffer: PNG });
}
