import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../bff/src/modules/users/demo/demo-accounts';
import { artifactPath, describeWithBrowser, launchBrowser } from './support/browser';
import { withIdCheckDigit } from './support/id-numbers';
import { startProductServer } from './support/server';

type Running = Awaited<ReturnType<typeof startProductServer>>;
type Browser = { context: BrowserContext; close(): Promise<void> };

/** 不动产登记（宅基地使用权及房屋所有权首次登记）: 市自然资源局, online-capable, at most 1 trip; demo.window works on it. */
const ITEM = 'JX-ZRZY-0009';
/** A 1×1 PNG: uploads are checked by their magic bytes, so it must be a real image. */
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

describeWithBrowser('cases in the H5 app', (executablePath) => {
  let server: Running;
  let citizen: Browser;
  let staff: Browser;
  let applicant: Page;
  let desk: Page;

  beforeAll(async () => {
    server = await startProductServer();
    citizen = await launchBrowser(executablePath);
    staff = await launchBrowser(executablePath);
    applicant = await citizen.context.newPage();
    desk = await staff.context.newPage();
    applicant.setDefaultTimeout(30000);
    desk.setDefaultTimeout(30000);
  });

  afterAll(async () => {
    await citizen?.close();
    await staff?.close();
    await server?.shutdown();
  });

  it('apply, 补正, upload, accept, a trip, complete: the applicant sees every step and 1 trip', async () => {
    // The applicant signs in (development login) and gives their real name.
    await applicant.goto(`${server.url}/#/pages/mine/index`);
    await button(applicant, '去实名认证').click();
    await input(applicant, '姓名').fill('张三丰');
    await input(applicant, '身份证号').fill(withIdCheckDigit('23030219900307161'));
    await input(applicant, '手机号').fill('13812345678');
    await button(applicant, '提交实名信息').click();
    await visible(applicant, 'text=已实名').waitFor();

    // Apply from the guide: upload the first material, claim 容缺 on one the guide allows.
    await applicant.goto(`${server.url}/#/packages/catalog/guide/index?code=${ITEM}`);
    await button(applicant, '在线申报').click();
    await visible(applicant, '[data-testid="apply-material"]').waitFor();
    const rows = applicant.locator('[data-testid="apply-material"] >> visible=true');
    await upload(
      applicant,
      () => rows.nth(0).locator('taro-button-core:has(:text-is("上传文件"))').click(),
      'form.png',
    );
    await rows.nth(0).locator('[data-testid="picked-file"]').waitFor();
    await rows.nth(5).locator('taro-button-core:has(:text-is("申请容缺"))').click();
    await button(applicant, '提交申报').click();
    await confirm(applicant);
    const numberText = await visible(applicant, '[data-testid="case-number"]').textContent();
    const caseNumber = (numberText ?? '').replace('办件编号', '').trim();
    expect(caseNumber).toMatch(/^JX-\d{8}-\d{6}$/);
    const caseUrl = applicant.url();

    // Staff ask for 补正 of the property certificate only.
    await desk.goto(`${server.url}/#/packages/auth/staff-login/index`);
    await input(desk, '用户名').fill('demo.window');
    await input(desk, '密码').fill(DEMO_PASSWORD);
    await button(desk, '登录').click();
    await visible(desk, '[data-testid="section-cases"]').click();
    await visible(desk, `[data-testid="case-card"]:has-text("${caseNumber}")`).click();
    await button(desk, '需补正').click();
    const form = visible(desk, '[data-testid="correction-form"]');
    await input(desk, '“不动产权属证书”补正原因').fill('请上传不动产权属证书原件照片');
    for (const other of ['不动产买卖合同', '授权委托书及受托人身份证']) {
      if ((await desk.locator(`[aria-label="“${other}”补正原因"] >> visible=true`).count()) > 0) {
        await form.locator(`text="☑ ${other}"`).click();
      }
    }
    await form.locator('taro-button-core:has(:text-is("发送补正通知"))').click();
    await confirm(desk);
    await visible(desk, '[data-testid="corrections"]').waitFor();

    // The applicant sees what is missing, uploads it and resubmits.
    await applicant.goto(caseUrl);
    await applicant.reload();
    await visible(applicant, '[data-testid="corrections"]').waitFor();
    const missing = applicant.locator('[data-testid="case-material"] >> visible=true').nth(2);
    await upload(
      applicant,
      () => missing.locator('taro-button-core:has(:text-is("上传"))').click(),
      'certificate.png',
    );
    await missing.locator('text="已上传"').waitFor();
    await button(applicant, '重新提交').click();
    await confirm(applicant);
    await visible(applicant, 'text=已申报（待预审）').waitFor();

    // Staff pass pre-review, accept, record the visit, work and complete.
    await desk.reload();
    await button(desk, '预审通过').click();
    await confirm(desk);
    await visible(desk, 'text=预审通过（待受理）').waitFor();
    await button(desk, '受理').click();
    await button(desk, '确认受理').click();
    await confirm(desk);
    await visible(desk, '[data-testid="status-chip"]:has-text("已受理")').waitFor();
    await button(desk, '登记到场').click();
    await confirm(desk);
    await visible(desk, '[data-testid="trips-count"]:has-text("1 / 1")').waitFor();
    await button(desk, '开始办理').click();
    await confirm(desk);
    await visible(desk, '[data-testid="status-chip"]:has-text("办理中")').waitFor();
    await button(desk, '办结').click();
    await button(desk, '确认办结').click();
    await confirm(desk);
    await visible(desk, '[data-testid="status-chip"]:has-text("已办结")').waitFor();

    // The applicant's timeline shows each step, and one trip within the promised one.
    await applicant.reload();
    await visible(applicant, '[data-testid="status-chip"]:has-text("已办结")').waitFor();
    const events = (
      await applicant.locator('[data-testid="timeline-event"] >> visible=true').allTextContents()
    ).join('\n');
    for (const step of [
      '提交申请',
      '通知补正',
      '补正后重新提交',
      '预审通过',
      '受理',
      '到窗口办理',
      '开始办理',
      '办结',
    ]) {
      expect(events).toContain(step);
    }
    await expect(visible(applicant, '[data-testid="trips-count"]').textContent()).resolves.toContain('1 / 1');
    await applicant.waitForTimeout(600);
    await applicant.screenshot({ path: artifactPath('case-timeline.png'), fullPage: true });
  });
});
