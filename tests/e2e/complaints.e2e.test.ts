import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../bff/src/modules/users/demo/demo-accounts';
import { casesOf } from '../../bff/src/modules/cases/cases.module';
import { identityOf } from '../../bff/src/modules/auth/identity';
import { principalOf } from '../../bff/src/modules/cases/testing/case-fixtures';
import { artifactPath, describeWithBrowser, launchBrowser } from './support/browser';
import { withIdCheckDigit } from './support/id-numbers';
import { startProductServer } from './support/server';

type Running = Awaited<ReturnType<typeof startProductServer>>;
type Browser = { context: BrowserContext; close(): Promise<void> };

/** 不动产登记: 市自然资源局 (ZRZY), whose complaints demo.handler2 handles. */
const ITEM = 'JX-ZRZY-0009';

// Taro's H5 router keeps earlier pages in the DOM: every locator takes the visible match.
const visible = (page: Page, selector: string) => page.locator(`${selector} >> visible=true`).first();
const button = (page: Page, label: string) => visible(page, `taro-button-core:has(:text-is("${label}"))`);
const input = (page: Page, label: string) =>
  visible(page, `[aria-label="${label}"] input, input[aria-label="${label}"]`);
const textarea = (page: Page, label: string) =>
  visible(page, `[aria-label="${label}"] textarea, textarea[aria-label="${label}"]`);
const confirm = (page: Page) => visible(page, '.taro-model__confirm').click();

describeWithBrowser('complaints in the H5 app', (executablePath) => {
  let server: Running;
  let citizen: Browser;
  let staff: Browser;
  let person: Page;
  let desk: Page;

  beforeAll(async () => {
    server = await startProductServer();
    citizen = await launchBrowser(executablePath);
    staff = await launchBrowser(executablePath);
    person = await citizen.context.newPage();
    desk = await staff.context.newPage();
    person.setDefaultTimeout(30000);
    desk.setDefaultTimeout(30000);
  });

  afterAll(async () => {
    await citizen?.close();
    await staff?.close();
    await server?.shutdown();
  });

  /** Signs the staff browser in as `username` (after signing the previous account out) and opens the 投诉 workbench. */
  async function staffAs(username: string) {
    await desk.goto(`${server.url}/#/packages/auth/staff-login/index`);
    await desk.evaluate(() =>
      (globalThis as unknown as { localStorage: { clear(): void } }).localStorage.clear(),
    );
    await desk.reload();
    await input(desk, '用户名').fill(username);
    await input(desk, '密码').fill(DEMO_PASSWORD);
    await button(desk, '登录').click();
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
    await button(desk, submit).click();
    await confirm(desk);
    await visible(desk, `[data-testid="status-chip"]:has-text("${status}")`).waitFor();
  }

  it('file about a case → 交办 → 答复 → 不满意 重办 → 答复 → 满意 办结: the person sees every step', async () => {
    // The person signs in (development login), gives their real name, and has a case.
    await person.goto(`${server.url}/#/pages/mine/index`);
    await button(person, '去实名认证').click();
    await input(person, '姓名').fill('李四光');
    await input(person, '身份证号').fill(withIdCheckDigit('23030219850611161'));
    await input(person, '手机号').fill('13812345678');
    await button(person, '提交实名信息').click();
    await visible(person, 'text=已实名').waitFor();
    const userId = await person.evaluate(() => {
      const storage = (globalThis as unknown as { localStorage: Record<string, string> }).localStorage;
      for (const value of Object.values(storage)) {
        const found = /"id\\?":\\?"([0-9a-f]{24})/.exec(value);
        if (found && value.includes('accessToken')) return found[1];
      }
      return undefined;
    });
    expect(userId).toMatch(/^[0-9a-f]{24}$/);
    const user = (await identityOf(server.deps).users.findById(userId!))!;
    const filed = await casesOf(server.deps).service.apply(await principalOf(server.deps, user), {
      itemCode: ITEM,
    });

    // 我要投诉 from the case page, prefilled with the case.
    await person.goto(`${server.url}/#/packages/cases/detail/index?id=${filed.id}`);
    await visible(person, '[data-testid="complain-case"]').click();
    await visible(person, `[data-testid="subject-prefilled"]:has-text("${filed.number}")`).waitFor();
    await textarea(person, '问题描述').fill('申报后窗口又要求到现场补交已在线提交的材料，多跑了一趟。');
    await button(person, '提交投诉').click();
    await confirm(person);
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
