import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

const testClock = require('../../../scripts/test-clock.cjs') as {
  configuredOffset(): number;
  browserInitScript(offsetMs: number): string;
};

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** CHROMIUM_PATH, then Debian's chromium, then Playwright's own download where a machine has one. */
export function findBrowser(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  try {
    candidates.push(chromium.executablePath());
  } catch {
    // playwright-core knows no bundled browser here
  }
  return candidates.find((p): p is string => !!p && fs.existsSync(p));
}

export const NO_BROWSER_HELP =
  "BROWSER SUITE SKIPPED: no Chromium found. Install Debian's chromium (apt-get install -y chromium) or set " +
  'CHROMIUM_PATH to a Chromium binary, then run npm test again.';

/** `describe` when a browser exists; otherwise says so loudly, and fails when REQUIRE_BROWSER=1 (CI). */
export function describeWithBrowser(name: string, body: (executablePath: string) => void) {
  const executablePath = findBrowser();
  if (executablePath) {
    describe(name, () => body(executablePath));
    return;
  }
  if (process.env.REQUIRE_BROWSER === '1') {
    describe(name, () => {
      it('needs a browser', () => {
        throw new Error(NO_BROWSER_HELP);
      });
    });
    return;
  }
  console.warn(`\n${'!'.repeat(100)}\n${NO_BROWSER_HELP}\n${'!'.repeat(100)}\n`);
  describe.skip(name, () => body(''));
}

export async function launchBrowser(
  executablePath: string,
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    args: FLAGS,
    headless: true,
    viewport: { width: 390, height: 844 },
    locale: 'zh-CN',
  });
  // The page's clock is the tests' clock (TEST_NOW): the BFF and the browser agree on what day it is.
  const clockScript = testClock.browserInitScript(testClock.configuredOffset());
  if (clockScript) await context.addInitScript({ content: clockScript });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Screenshots go to a git-ignored folder for a person to look at. */
export function artifactPath(name: string): string {
  const dir = path.resolve(__dirname, '..', '..', '..', 'artifacts', 'e2e');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}
