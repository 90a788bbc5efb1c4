import type { Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { startProductServer } from './server';

export type Running = Awaited<ReturnType<typeof startProductServer>>;
export type Browser = Awaited<ReturnType<typeof launchBrowser>>;

/** What a browser suite runs against: the product server and its own browsers. */
export interface Stage {
  server: Running;
  /** Separate browsers, so each person (a citizen, a clerk) has a session of their own. */
  browsers: Browser[];
  /** One page in each browser, in the same order. */
  pages: Page[];
  close(): Promise<void>;
}

/**
 * Starts the product server, lets `prepare` change it before any browser opens, then launches
 * `browsers` browsers with a page each (actions wait up to 30 s). What opened is closed again when a
 * later step fails.
 */
export async function openStage(
  executablePath: string,
  { browsers = 1, prepare }: { browsers?: number; prepare?: (server: Running) => Promise<void> } = {},
): Promise<Stage> {
  const server = await startProductServer();
  const stage: Stage = {
    server,
    browsers: [],
    pages: [],
    async close() {
      for (const browser of stage.browsers) await browser.close();
      await server.shutdown();
    },
  };
  try {
    await prepare?.(server);
    for (let i = 0; i < browsers; i++) stage.browsers.push(await launchBrowser(executablePath));
    for (const browser of stage.browsers) {
      const page = await browser.context.newPage();
      page.setDefaultTimeout(30000);
      stage.pages.push(page);
    }
    return stage;
  } catch (err) {
    await stage.close();
    throw err;
  }
}
