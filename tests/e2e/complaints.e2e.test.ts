import type { Page } from 'playwright-core';
import { casesOf } from '../../bff/src/modules/cases/cases.module';
import { identityOf } from '../../bff/src/modules/auth/identity';
import { principalOf } from '../../bff/src/modules/cases/testing/case-fixtures';
import { artifactPath, describeWithBrowser } from './support/browser';
import { pressAndConfirm, textarea, visible } from './support/h5';
import { giveRealName, signedInUserId, signInStaff } from './support/sign-in';
import { openStage, type Running, type Stage } from './support/stage';

/** 不动产登记: 市自然资源局 (ZRZY), whose complaints demo.handler2 handles. */
const ITEM = 'JX-ZRZY-0009';

describeWithBrowser('complaints in the H5 app', (executablePath) => {
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

  /** Signs the staff browser in as `username` (after signing the previous account out) and opens the 投诉 workbench. */
  async function staffAs(username: string) {
    await signInStaff(desk, server.url, username, { forgetPrevious: true });
    await visible(desk, '[data-testid="section-complaints"]').click();
  }

  async function open(queue: string, number: string) {
    await visible(desk, `[data-testid="queue-${queue}"]`).click();
    await visible(desk, `[data-testid="complaint-card"]:has-text("${number}")`).click();
    await visible(desk, '[data-testid="complaint-head"]').waitFor();
  }

  async function act(action: string, fill: () => Promise<void>, submit: string, status: string) {
    await visible(desk, `[data-testid="actions"] taro-button-core:has(:text-is("${action}"))`).click();
    await fill();
    await pressAndConfirm(desk, submit);
    await visible(desk, `[data-testid="status-chip"]:has-text("${status}")`).waitFor();
  }

  it('file about a case → 交办 → 答复 → 不满意 重办 → 答复 → 满意 办结: the person sees every step', async () => {
    // The person signs in (development login), gives their real name, and has a case.
    await giveRealName(person, server.url, {
      name: '李四光',
      id17: '23030219850611161',
      phone: '13812345678',
    });
    const userId = await signedInUserId(person);
    expect(userId).toMatch(/^[0-9a-f]{24}$/);
    const user = (await identityOf(server.deps).users.findById(userId))!;
    const filed = await casesOf(server.deps).service.apply(await principalOf(server.deps, user), {
      itemCode: ITEM,
    });

    // 我要投诉 from the case page, prefilled with the case.
    await person.goto(`${server.url}/#/packages/cases/detail/index?id=${filed.id}`);
    await visible(person, '[data-testid="complain-case"]').click();
    await visible(person, `[data-testid="subject-prefilled"]:has-text("${filed.number}")`).waitFor();
    await textarea(person, '问题描述').fill('申报后窗口又要求到现场补交已在线提交的材料，多跑了一趟。');
    await pressAndConfirm(person, '提交投诉');
    const head = visible(person, '[data-testid="complaint-head"]');
    await head.waitFor();
    const number = /TS\d{12}/.exec((await head.textContent()) ?? '')![0];
    const detailUrl = person.url();
    await person.waitForTimeout(400);
    await person.screenshot({ path: artifactPath('complaint-filed.png'), fullPage: true });

    // The desk accepts it and hands it to 市自然资源局.
    await staffAs('demo.desk');
    await open('dispatch', number);
    await act('受理', async () => undefined, '提交受理', '已受理（待交办）');
    await act('交办', () => visible(desk, '[data-testid="lead-ZRZY"]').click(), '提交交办', '办理中');

    // The department replies.
    await staffAs('demo.handler2');
    await open('handling', number);
    const reply = async (text: string) => {
      await textarea(desk, '办理结果').fill(`已核实：${text}`);
      await textarea(desk, '答复群众').fill(text);
    };
    await act(
      '答复',
      () => reply('已向窗口核实，今后在线已交材料不再要求现场补交。'),
      '提交答复',
      '已答复（待回访）',
    );

    // Follow-up: reached, 不满意 → 重办.
    await staffAs('demo.followup');
    await open('followup', number);
    await desk.waitForTimeout(300);
    await desk.screenshot({ path: artifactPath('complaint-followup-masked.png'), fullPage: true });
    const followup = async (verdict: string) => {
      await visible(desk, '[data-testid="method-phone"]').click();
      await visible(desk, '[data-testid="reached-yes"]').click();
      await visible(desk, `[data-testid="verdict-${verdict}"]`).click();
    };
    await act('回访', () => followup('unsatisfied'), '提交回访', '办理中');

    // The department replies again; follow-up: 满意 → 办结.
    await staffAs('demo.handler2');
    await open('handling', number);
    await act(
      '答复',
      () => reply('已约谈窗口负责人并退还您的往返交通费用。'),
      '提交答复',
      '已答复（待回访）',
    );
    await staffAs('demo.followup');
    await open('followup', number);
    await act('回访', () => followup('satisfied'), '提交回访', '已办结');
    await desk.waitForTimeout(300);
    await desk.screenshot({ path: artifactPath('complaint-staff-closed.png'), fullPage: true });

    // The person's timeline shows every step.
    await person.goto(detailUrl);
    await person.reload();
    await visible(person, '[data-testid="status-chip"]:has-text("已办结")').waitFor();
    const events = (
      await person.locator('[data-testid="timeline-event"] >> visible=true').allTextContents()
    ).join('\n');
    for (const step of ['提交', '受理', '交办', '答复', '回访结果', '重办', '办结'])
      expect(events).toContain(step);
    expect(events.match(/答复/g)?.length).toBeGreaterThanOrEqual(2);
    await person.waitForTimeout(600);
    await person.screenshot({ path: artifactPath('complaint-timeline.png'), fullPage: true });
  });
});
