import type { Page } from 'playwright-core';
import { artifactPath, describeWithBrowser } from './support/browser';
import { button, input, pressAndConfirm, textarea, visible } from './support/h5';
import { signInStaff } from './support/sign-in';
import { openStage, type Running, type Stage } from './support/stage';

const NEW_FAQ = '营业执照副本遗失后怎样补领？（浏览器测试）';

describeWithBrowser('consultations in the H5 app', (executablePath) => {
  let stage: Stage;
  let server: Running;
  let person: Page;
  let desk: Page;

  beforeAll(async () => {
    stage = await openStage(executablePath, { browsers: 2 });
    server = stage.server;
    [person, desk] = stage.pages;
  });

  afterAll(() => stage?.close());

  it('ask from a guide (a FAQ suggestion shows), staff answer and publish it as FAQ, resolved, the FAQ on the guide', async () => {
    // An item of 市市场监督管理局 (demo.scjg) that the demo FAQ covers.
    const seeded = (await (await fetch(`${server.url}/api/faq?department=SCJG&limit=1`)).json()) as {
      items: Array<{ question: string; items: Array<{ code: string; name: string }> }>;
    };
    const item = seeded.items[0]!.items[0]!;

    // The citizen starts typing on the guide's 咨询此事项 page and sees a suggestion.
    await person.goto(`${server.url}/#/packages/catalog/guide/index?code=${item.code}`);
    await visible(person, '[data-testid="guide-faq"]').waitFor();
    await button(person, '咨询此事项').click();
    await visible(person, '[data-testid="ask-item"]').waitFor();
    await input(person, '标题').fill('副本遗失补领');
    await textarea(person, '问题').fill(`办理${item.name}需要带哪些材料？副本遗失了怎么办`);
    await visible(person, '[data-testid="suggestions"]').waitFor();
    await person.waitForTimeout(400);
    await person.screenshot({ path: artifactPath('consultation-suggestions.png'), fullPage: true });

    // ... and sends the question anyway.
    await button(person, '提交咨询').click();
    const number = (await visible(person, 'text=/ZX-\\d{8}-\\d{6}/').textContent())!.match(
      /ZX-\d{8}-\d{6}/,
    )![0];
    await visible(person, '[data-testid="status"]:has-text("待受理")').waitFor();
    const threadUrl = person.url();

    // Staff claim and answer from the workbench, then publish a general version as FAQ.
    await signInStaff(desk, server.url, 'demo.scjg');
    await visible(desk, '[data-testid="section-consultations"]').click();
    await visible(desk, `taro-view-core[data-testid^="consultation-"]:has-text("${number}")`).click();
    await button(desk, '受理').click();
    await visible(desk, '[data-testid="status"]:has-text("处理中")').waitFor();
    await button(desk, '答复').click();
    await textarea(desk, '答复内容').fill('副本遗失可在线申请补领，无需登报，材料以办事指南为准。');
    await button(desk, '提交').click();
    await visible(desk, '[data-testid="status"]:has-text("已答复")').waitFor();
    await button(desk, '发布为常见问题').click();
    await visible(desk, '[data-testid="faq-original"]').waitFor();
    await textarea(desk, '通用问题').fill(NEW_FAQ);
    await visible(desk, '[data-testid="faq-confirm"]').click();
    await desk.waitForTimeout(2500); // the 已答复 toast has gone
    await desk.screenshot({ path: artifactPath('consultation-staff-faq.png'), fullPage: true });
    await button(desk, '发布').click();
    await visible(desk, '[data-testid="faq-form"]').waitFor({ state: 'detached' });

    // The citizen sees the answer and marks it resolved.
    await person.goto(threadUrl);
    await person.reload();
    await visible(person, '[data-testid="event-answered"]:has-text("副本遗失可在线申请补领")').waitFor();
    await pressAndConfirm(person, '问题已解决');
    await visible(person, '[data-testid="status"]:has-text("已解决")').waitFor();
    await person.waitForTimeout(2500);
    await person.screenshot({ path: artifactPath('consultation-resolved.png'), fullPage: true });

    // The new FAQ entry shows on the item's guide page.
    await person.goto(`${server.url}/#/packages/catalog/guide/index?code=${item.code}`);
    await person.reload();
    await visible(person, `[data-testid="guide-faq"] >> text=${NEW_FAQ}`).scrollIntoViewIfNeeded();
    await person.waitForTimeout(300);
    await person.screenshot({ path: artifactPath('consultation-guide-faq.png'), fullPage: true });
  });
});
