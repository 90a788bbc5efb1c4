import type { Page } from 'playwright-core';
import { artifactPath, describeWithBrowser } from './support/browser';
import { button, confirm, input, pressAndConfirm, upload, visible } from './support/h5';
import { giveRealName, signInStaff } from './support/sign-in';
import { openStage, type Running, type Stage } from './support/stage';

/** 不动产登记（宅基地使用权及房屋所有权首次登记）: 市自然资源局, online-capable, at most 1 trip; demo.window works on it. */
const ITEM = 'JX-ZRZY-0009';

describeWithBrowser('cases in the H5 app', (executablePath) => {
  let stage: Stage;
  let server: Running;
  let applicant: Page;
  let desk: Page;

  beforeAll(async () => {
    stage = await openStage(executablePath, { browsers: 2 });
    server = stage.server;
    [applicant, desk] = stage.pages;
  });

  afterAll(() => stage?.close());

  it('apply, 补正, upload, accept, a trip, complete: the applicant sees every step and 1 trip', async () => {
    // The applicant signs in (development login) and gives their real name.
    await giveRealName(applicant, server.url, {
      name: '张三丰',
      id17: '23030219900307161',
      phone: '13812345678',
    });

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
    await pressAndConfirm(applicant, '提交申报');
    const numberText = await visible(applicant, '[data-testid="case-number"]').textContent();
    const caseNumber = (numberText ?? '').replace('办件编号', '').trim();
    expect(caseNumber).toMatch(/^JX-\d{8}-\d{6}$/);
    const caseUrl = applicant.url();

    // Staff ask for 补正 of the property certificate only.
    await signInStaff(desk, server.url, 'demo.window');
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
    await pressAndConfirm(applicant, '重新提交');
    await visible(applicant, 'text=已申报（待预审）').waitFor();

    // Staff pass pre-review, accept, record the visit, work and complete.
    await desk.reload();
    await pressAndConfirm(desk, '预审通过');
    await visible(desk, 'text=预审通过（待受理）').waitFor();
    await button(desk, '受理').click();
    await pressAndConfirm(desk, '确认受理');
    await visible(desk, '[data-testid="status-chip"]:has-text("已受理")').waitFor();
    await pressAndConfirm(desk, '登记到场');
    await visible(desk, '[data-testid="trips-count"]:has-text("1 / 1")').waitFor();
    await pressAndConfirm(desk, '开始办理');
    await visible(desk, '[data-testid="status-chip"]:has-text("办理中")').waitFor();
    await button(desk, '办结').click();
    await pressAndConfirm(desk, '确认办结');
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
