import path from 'node:path';
import { WeappSandbox } from './support/weapp-sandbox';

/**
 * The smoke test's own proof: a hand-written stand-in for a weapp build (fixtures/broken-dist) whose
 * pages each do one thing WeChat would show as broken; the sandbox must report each, and nothing on the
 * healthy ones.
 */
const DIST = path.join(__dirname, 'fixtures', 'broken-dist');
let sandbox: WeappSandbox;

beforeAll(async () => {
  // No request leaves these pages; the address is never called.
  sandbox = new WeappSandbox(DIST, 'http://127.0.0.1:9');
  await sandbox.launch();
});

afterAll(() => sandbox.dispose());

test('runs app.js with its requires and App(); healthy pages report nothing', async () => {
  expect(sandbox.appProblems).toEqual([]);
  for (const route of ['pages/ok', 'pages/deep']) {
    const report = await sandbox.boot(route);
    expect(report).toMatchObject({ problems: [], untemplated: [] });
    expect(report.setDataCalls).toBeGreaterThan(0);
  }
  expect((await sandbox.boot('pages/ok')).text).toBe('hello');
});

test.each([
  ['pages/throws', /exception in Page\.onLoad: Error: boom in onLoad/],
  ['pages/logs-error', /console\.error: something went wrong/],
  ['pages/silent', /never called setData/],
  ['pages/bad-nav', /navigateTo:fail page "pages\/nowhere" is not found/],
  ['pages/tab-nav', /navigateTo:fail can not navigateTo a tabbar page/],
])('%s is reported', async (route, problem) => {
  const report = await sandbox.boot(route);
  expect(report.problems).toEqual([expect.stringMatching(problem)]);
});

test('an element whose node name has no template in base.wxml is reported', async () => {
  const report = await sandbox.boot('pages/html-tag');
  expect(report.problems).toEqual([]);
  expect(report.untemplated).toEqual(['i (no <template name="tmpl_0_i">)']);
});

test('no browser globals: window and document are not there for the bundle', async () => {
  const probe = sandbox.evaluate(
    '[typeof window, typeof document, typeof navigator, typeof wx, typeof getCurrentPages]',
  );
  expect(probe).toEqual(['undefined', 'undefined', 'undefined', 'object', 'function']);
});
