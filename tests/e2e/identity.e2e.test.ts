import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../bff/src/modules/users/demo/demo-accounts';
import { artifactPath, describeWithBrowser } from './support/browser';
import { withIdCheckDigit } from './support/id-numbers';
import { openStage, type Running, type Stage } from './support/stage';

describeWithBrowser('identity in the H5 app', (executablePath) => {
  let stage: Stage;
  let server: Running;
  let page: Page;

  const field = (label: string) =>
    page.locator(`[aria-label="${label}"] input, input[aria-label="${label}"]`).first();
  const button = (text: string) => page.locator('.nut-button', { hasText: text }).first();

  beforeAll(async () => {
    stage = await openStage(executablePath);
    server = stage.server;
    [page] = stage.pages;
  });

  afterAll(() => stage?.close());

  it('logs in (development login), refuses a wrong ID number, then shows the masked profile', async () => {
    const idNumber = withIdCheckDigit('23030219900307161');
    const wrongCheckDigit = idNumber.slice(0, 17) + (idNumber.endsWith('1') ? '2' : '1');

    await page.goto(`${server.url}/#/pages/mine/index`, { waitUntil: 'domcontentloaded' });
    await page.getByText('去实名认证').waitFor({ timeout: 30000 });
    await button('去实名认证').click();

    await field('姓名').waitFor();
    await field('姓名').fill('张三丰');
    await field('身份证号').fill(wrongCheckDigit);
    await field('手机号').fill('13812345678');
    await button('提交实名信息').click();
    await page.getByText('身份证号校验位不正确，请核对').waitFor();

    await field('身份证号').fill(idNumber);
    await button('提交实名信息').click();
    await page.getByText('已实名').waitFor({ timeout: 30000 });
    await page.getByText('138****5678').first().waitFor();
    const shown = await page.locator('body').innerText();
    expect(shown).not.toContain(idNumber);
    expect(shown).not.toContain('13812345678');
    await page.waitForTimeout(600);
    await page.screenshot({ path: artifactPath('identity-masked-profile.png'), fullPage: true });
  });

  it('signs a staff member in to the workbench shell', async () => {
    await page.goto(`${server.url}/#/packages/auth/staff-login/index`, { waitUntil: 'domcontentloaded' });
    await field('用户名').waitFor({ timeout: 30000 });
    await field('用户名').fill('demo.window');
    await field('密码').fill('wrong-password-1');
    await page.locator('.form-actions .nut-button', { hasText: '登录' }).click();
    await page.locator('[data-testid="form-error"]').waitFor();

    await field('密码').fill(DEMO_PASSWORD);
    await page.locator('.form-actions .nut-button', { hasText: '登录' }).click();
    await page.getByText('王窗口').first().waitFor({ timeout: 30000 });
    await page.getByTestId('section-cases').waitFor();
    await page.waitForTimeout(600);
    await page.screenshot({ path: artifactPath('identity-workbench.png'), fullPage: true });
  });
});
