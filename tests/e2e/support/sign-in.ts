import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../../bff/src/modules/users/demo/demo-accounts';
import { button, input, visible } from './h5';
import { withIdCheckDigit } from './id-numbers';

/**
 * Signs a demo staff account in on the staff login page. `forgetPrevious` first clears what the
 * browser keeps, for a desk where another account was signed in.
 */
export async function signInStaff(
  page: Page,
  serverUrl: string,
  username: string,
  { forgetPrevious = false } = {},
): Promise<void> {
  await page.goto(`${serverUrl}/#/packages/auth/staff-login/index`);
  if (forgetPrevious) {
    await page.evaluate(() =>
      (globalThis as unknown as { localStorage: { clear(): void } }).localStorage.clear(),
    );
    await page.reload();
  }
  await input(page, '用户名').fill(username);
  await input(page, '密码').fill(DEMO_PASSWORD);
  await button(page, '登录').click();
}

export interface RealName {
  name: string;
  /** The ID number's first 17 digits; the check character is computed. */
  id17: string;
  phone: string;
}

/** The citizen (development login) gives their real name from 我的 → 去实名认证, until 已实名 shows. */
export async function giveRealName(page: Page, serverUrl: string, person: RealName): Promise<void> {
  await page.goto(`${serverUrl}/#/pages/mine/index`);
  await button(page, '去实名认证').click();
  await input(page, '姓名').fill(person.name);
  await input(page, '身份证号').fill(withIdCheckDigit(person.id17));
  await input(page, '手机号').fill(person.phone);
  await button(page, '提交实名信息').click();
  await visible(page, 'text=已实名').waitFor();
}

/** The signed-in person's user id, from the session the app keeps in storage. */
export async function signedInUserId(page: Page): Promise<string> {
  const raw = (await page.evaluate("localStorage.getItem('auth.session')")) as string | null;
  let value: unknown = JSON.parse(raw ?? 'null');
  if (value && typeof value === 'object' && 'data' in value) value = (value as { data: unknown }).data;
  if (typeof value === 'string') value = JSON.parse(value);
  return (value as { user: { id: string } }).user.id;
}
