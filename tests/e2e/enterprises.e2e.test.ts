import type { BrowserContext, Page } from 'playwright-core';
import { creditCodeCheckChar } from '../../shared/src/enterprises/credit-code';
import { DEMO_PASSWORD } from '../../bff/src/modules/users/demo/demo-accounts';
import { artifactPath, describeWithBrowser, launchBrowser } from './support/browser';
import { withIdCheckDigit } from './support/id-numbers';
import { startProductServer } from './support/server';

type Running = Awaited<ReturnType<typeof startProductServer>>;
type Browser = { context: BrowserContext; close(): Promise<void> };

/** 分公司设立登记 (市市场监督管理局): only organisations may apply. */
const ITEM = 'JX-SCJG-0064';
const COMPANY = '鸡西市示例分公司科技有限公司';
const FIRST17 = '91230300MA1B2C3D4';
const CREDIT_CODE = FIRST17 + creditCodeCheckChar(FIRST17);
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

// Taro's H5 router keeps earlier pages in the DOM: every locator takes the visible match.
const visible = (page: Page, selector: string) => page.locator(`${selector} >> visible=true`).first();
const button = (page: Page, label: string) => visible(page, `taro-button-core:has(:text-is("${label}"))`);
const input = (page: Page, label: string) =>
  visible(page, `[aria-label="${label}"] input, input[aria-label="${label}"]`);
const confirm = (page: Page) => visible(page, '.taro-model__confirm').click();

async function upload(page: Page, trigger: () => Promise<void>, name: string) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), trigger()]);
  await chooser.setFiles({ name, mimeType: 'image/png', buffer: PNG });
}

async function realName(page: Page, url: string, name: string, id17: string, phone: string) {
  await page.goto(`${url}/#/pages/mine/index`);
  await button(page, '去实名认证').click();
  await input(page, '姓名').fill(name);
  await input(page, '身份证号').fill(withIdCheckDigit(id17));
  await input(page, '手机号').fill(phone);
  await button(page, '提交实名信息').click();
  await visible(page, 'text=已实名').waitFor();
}

async function bind(page: Page, url: string) {
  await page.goto(`${url}/#/packages/enterprises/bind/index`);
  await input(page, '统一社会信用代码').fill(CREDIT_CODE);
  await input(page, '企业名称').fill(COMPANY);
  await button(page, '绑定企业').click();
}

describeWithBrowser('enterprises in the H5 app', (executablePath) => {
  let server: Running;
  const browsers: Browser[] = [];
  let a: Page;
  let b: Page;
  let desk: Page;

  beforeAll(async () => {
    server = await startProductServer();
    for (let i = 0; i < 3; i++) browsers.push(await launchBrowser(executablePath));
    [a, b, desk] = await Promise.all(browsers.map((x) => x.context.newPage()));
    for (const p of [a, b, desk]) p.setDefaultTimeout(30000);
  });

  afterAll(async () => {
    for (const x of browsers) await x.close();
    await server?.shutdown();
  });

  it('A binds (verified by hall staff), B joins, applies for the company, A sees it, removes B, B loses it', async () => {
    // A gives their real name, binds the company and uploads the business licence.
    await realName(a, server.url, '张企业', '23030219800101123', '13812340001');
    await bind(a, server.url);
    await a.goto(`${server.url}/#/packages/enterprises/mine/index`);
    await a.reload();
    const claim = visible(a, `[data-testid="membership"]:has-text("${COMPANY}")`);
    await claim.locator('text=待核验').waitFor();
    await upload(
      a,
      () => claim.locator('taro-button-core:has(:text-is("上传营业执照"))').click(),
      '营业执照.png',
    );
    await claim.locator('text=营业执照已上传').waitFor();

    // Hall staff check the licence and approve: A becomes the admin.
    await desk.goto(`${server.url}/#/packages/auth/staff-login/index`);
    await input(desk, '用户名').fill('demo.window');
    await input(desk, '密码').fill(DEMO_PASSWORD);
    await button(desk, '登录').click();
    await visible(desk, '[data-testid="section-enterprise-claims"]').click();
    const toCheck = visible(desk, `[data-testid="claim"]:has-text("${COMPANY}")`);
    await toCheck.locator(`text=${CREDIT_CODE}`).waitFor();
    await desk.waitForTimeout(400);
    await desk.screenshot({ path: artifactPath('enterprises-staff-claims.png'), fullPage: true });
    await toCheck.locator('taro-button-core:has(:text-is("认证通过"))').click();
    await confirm(desk);
    await visible(desk, 'text=暂无待认证的企业').waitFor();

    // B gives their real name and asks to join; A approves.
    await realName(b, server.url, '李成员', '23030219900202234', '13812340002');
    await bind(b, server.url);
    await a.goto(`${server.url}/#/pages/mine/index`);
    await a.reload();
    await visible(a, '[data-testid="mine-pending-requests"]').waitFor();
    await visible(a, `[data-testid="mine-enterprise"]:has-text("${COMPANY}")`).click();
    const request = visible(a, '[data-testid="member"]:has-text("李*员")');
    await request.locator('taro-button-core:has(:text-is("通过"))').click();
    await confirm(a);
    await visible(a, 'text=待审核（0）').waitFor();

    // B applies for the company: 申报主体 defaults to the enterprise (the item is for organisations only).
    await b.goto(`${server.url}/#/packages/catalog/guide/index?code=${ITEM}`);
    await b.reload();
    await button(b, '在线申报').click();
    await visible(b, '[data-testid="subject-note"]:has-text("仅限企业")').waitFor();
    const rows = b.locator('[data-testid="apply-material"] >> visible=true');
    await upload(
      b,
      () => rows.nth(0).locator('taro-button-core:has(:text-is("上传文件"))').click(),
      '申请书.png',
    );
    await rows.nth(0).locator('[data-testid="picked-file"]').waitFor();
    await button(b, '提交申报').click();
    await confirm(b);
    await visible(b, '[data-testid="case-enterprise"]').waitFor();
    expect(await visible(b, '[data-testid="case-enterprise"]').textContent()).toContain(COMPANY);
    const caseNumber = ((await visible(b, '[data-testid="case-number"]').textContent()) ?? '')
      .replace('办件编号', '')
      .trim();
    const caseUrl = b.url();

    // A sees it under the enterprise, with B as the submitter.
    await a.reload();
    const card = visible(
      a,
      `[data-testid="enterprise-cases"] [data-testid="case-card"]:has-text("${caseNumber}")`,
    );
    await card.waitFor();
    expect(await card.textContent()).toContain('经办人 李*员');
    await a.waitForTimeout(400);
    await a.screenshot({ path: artifactPath('enterprises-company-cases.png'), fullPage: true });

    // A removes B: at once, B no longer sees the case.
    const member = visible(a, '[data-testid="member"]:has-text("李*员")');
    await member.locator('taro-button-core:has(:text-is("移除"))').click();
    await confirm(a);
    await visible(a, 'text=成员（1）').waitFor();

    await b.goto(caseUrl);
    await b.reload();
    await visible(b, '[data-testid="case-not-found"]').waitFor();
    expect(await visible(b, '[data-testid="case-not-found"]').textContent()).toContain('无权查看或不存在');
    await b.waitForTimeout(400);
    await b.screenshot({ path: artifactPath('enterprises-removed-member.png'), fullPage: true });
    await b.goto(`${server.url}/#/packages/cases/mine/index`);
    await b.reload();
    await visible(b, '[data-testid="empty"]').waitFor();
  });
});
