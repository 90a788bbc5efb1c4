import type { Page } from 'playwright-core';
import { creditCodeCheckChar } from '../../shared/src/enterprises/credit-code';
import { artifactPath, describeWithBrowser } from './support/browser';
import { button, confirm, input, pressAndConfirm, upload, visible } from './support/h5';
import { giveRealName, signInStaff } from './support/sign-in';
import { openStage, type Running, type Stage } from './support/stage';

/** 分公司设立登记 (市市场监督管理局): only organisations may apply. */
const ITEM = 'JX-SCJG-0064';
const COMPANY = '鸡西市示例分公司科技有限公司';
const FIRST17 = '91230300MA1B2C3D4';
const CREDIT_CODE = FIRST17 + creditCodeCheckChar(FIRST17);
async function bind(page: Page, url: string) {
  await page.goto(`${url}/#/packages/enterprises/bind/index`);
  await input(page, '统一社会信用代码').fill(CREDIT_CODE);
  await input(page, '企业名称').fill(COMPANY);
  await button(page, '绑定企业').click();
}

describeWithBrowser('enterprises in the H5 app', (executablePath) => {
  let stage: Stage;
  let server: Running;
  let a: Page;
  let b: Page;
  let desk: Page;

  beforeAll(async () => {
    stage = await openStage(executablePath, { browsers: 3 });
    server = stage.server;
    [a, b, desk] = stage.pages;
  });

  afterAll(() => stage?.close());

  it('A binds (verified by hall staff), B joins, applies for the company, A sees it, removes B, B loses it', async () => {
    // A gives their real name, binds the company and uploads the business licence.
    await giveRealName(a, server.url, { name: '张企业', id17: '23030219800101123', phone: '13812340001' });
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
    await signInStaff(desk, server.url, 'demo.window');
    await visible(desk, '[data-testid="section-enterprise-claims"]').click();
    const toCheck = visible(desk, `[data-testid="claim"]:has-text("${COMPANY}")`);
    await toCheck.locator(`text=${CREDIT_CODE}`).waitFor();
    await desk.waitForTimeout(400);
    await desk.screenshot({ path: artifactPath('enterprises-staff-claims.png'), fullPage: true });
    await toCheck.locator('taro-button-core:has(:text-is("认证通过"))').click();
    await confirm(desk);
    await visible(desk, 'text=暂无待认证的企业').waitFor();

    // B gives their real name and asks to join; A approves.
    await giveRealName(b, server.url, { name: '李成员', id17: '23030219900202234', phone: '13812340002' });
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
    await pressAndConfirm(b, '提交申报');
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
