import type { Page } from 'playwright-core';
import { identityOf } from '../../bff/src/modules/auth/identity';
import { casesOf } from '../../bff/src/modules/cases/cases.module';
import { principalOf } from '../../bff/src/modules/cases/testing/case-fixtures';
import { completedCase } from '../../bff/src/modules/ratings/testing/rating-fixtures';
import { artifactPath, describeWithBrowser } from './support/browser';
import { button, pressAndConfirm, textarea, visible } from './support/h5';
import { giveRealName, signedInUserId, signInStaff } from './support/sign-in';
import { openStage, type Running, type Stage } from './support/stage';

/** 不动产登记（宅基地使用权及房屋所有权首次登记）: 市自然资源局 (demo.window's department). */
const ITEM = 'JX-ZRZY-0009';

describeWithBrowser('好差评 in the H5 app', (executablePath) => {
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

  it('a completed case rated 不满意 → 回访 and 整改 by the department → the person is told, re-rates 满意 → the guide figure changes', async () => {
    // The applicant signs in and gives their real name; their case is taken to 办结 by demo.window
    // (the cases browser test drives those steps in the UI).
    await giveRealName(applicant, server.url, {
      name: '李四光',
      id17: '23030219880512161',
      phone: '13900001111',
    });
    const deps = server.deps;
    const users = identityOf(deps).users;
    const person = await principalOf(deps, (await users.findById(await signedInUserId(applicant)))!);
    const lead = await principalOf(deps, (await users.findByUsername('demo.window'))!);
    const caseId = await completedCase(deps, person, lead, ITEM);

    // The guide's figure before.
    await applicant.goto(`${server.url}/#/packages/catalog/guide/index?code=${ITEM}`);
    const before = await visible(applicant, '[data-testid="guide-satisfaction"]').textContent();

    // The case page offers the rating: 不满意 with a reason and a comment.
    await applicant.goto(`${server.url}/#/packages/cases/detail/index?id=${caseId}`);
    await visible(applicant, '[data-testid="rating-card"]').waitFor();
    await button(applicant, '去评价').click();
    await visible(applicant, '[data-testid="level-dissatisfied"]').click();
    await visible(applicant, '[data-testid="reason-many_trips"]').click();
    await textarea(applicant, '评价内容').fill('材料要求前后不一致，跑了两趟');
    await applicant.waitForTimeout(300);
    await applicant.screenshot({ path: artifactPath('rating-form.png'), fullPage: true });
    await pressAndConfirm(applicant, '提交评价');
    await visible(applicant, '[data-testid="rectification-status"]:has-text("待回访")').waitFor();

    // The department's staff: 整改 queue → claim the 回访 → the rater's contact → 回访 → 整改.
    await signInStaff(desk, server.url, 'demo.window');
    await visible(desk, '[data-testid="section-rectifications"]').click();
    const caseNumber = (await casesOf(deps).repo.findById(caseId))!.number;
    await visible(desk, `[data-testid="rectification-row"]:has-text("${caseNumber}")`).click();
    await button(desk, '承接回访').click();
    await button(desk, '查看评价人联系方式（留痕）').click();
    await visible(desk, '[data-testid="contact"]:has-text("13900001111")').waitFor();
    await visible(desk, '[data-testid="reached-true"]').click();
    await textarea(desk, '回访情况（评价人反映的问题）').fill('已电话联系，群众反映窗口材料要求与指南不一致');
    await pressAndConfirm(desk, '登记回访');
    await visible(desk, '[data-testid="rectify-card"]').waitFor();
    await textarea(desk, '存在问题').fill('窗口收件口径与办事指南不一致');
    await textarea(desk, '整改措施').fill('统一材料清单，组织窗口人员培训');
    await pressAndConfirm(desk, '登记整改');
    await visible(desk, '[data-testid="rectification-record"]').waitFor();
    await desk.waitForTimeout(300);
    await desk.screenshot({ path: artifactPath('rectification-done.png'), fullPage: true });

    // The person is told by subscribe message.
    const openid = (await users.findById(person.userId))!.wechatOpenId!;
    const told = async () => {
      for (let i = 0; i < 100; i++) {
        const sent = deps.wechat.fake!.sentMessages({ touser: openid, templateId: 'rectification-outcome' });
        if (sent.length) return sent;
        await new Promise((r) => setTimeout(r, 200));
      }
      return [];
    };
    expect((await told()).length).toBe(1);

    // 整改后评价: 满意; both ratings shown.
    await applicant.goto(`${server.url}/#/packages/ratings/pending/index`);
    await visible(applicant, '[data-testid="pending-row"]:has-text("整改完成，可再评价")').click();
    await visible(applicant, '[data-testid="level-satisfied"]').click();
    await visible(applicant, '[data-testid="reason-proactive"]').click();
    await pressAndConfirm(applicant, '提交评价');
    await visible(applicant, '[data-testid="given-level"]:has-text("满意") >> nth=1').waitFor({
      state: 'attached',
    });
    await applicant.waitForTimeout(300);
    await applicant.screenshot({ path: artifactPath('rating-after-rectification.png'), fullPage: true });

    // The guide's figure changed.
    await applicant.goto(`${server.url}/#/packages/catalog/guide/index?code=${ITEM}`);
    await applicant.reload();
    const figure = visible(applicant, '[data-testid="guide-satisfaction"]');
    await figure.waitFor();
    let after = await figure.textContent();
    for (let i = 0; i < 20 && after === before; i++) {
      await applicant.waitForTimeout(500);
      await applicant.reload();
      after = await visible(applicant, '[data-testid="guide-satisfaction"]').textContent();
    }
    expect(after).not.toBe(before);
    await applicant.waitForTimeout(300);
    await applicant.screenshot({ path: artifactPath('guide-satisfaction.png') });
  });
});
