import fs from 'node:fs';
import path from 'node:path';
import type { RunningServer } from '../../bff/src/bootstrap';
import { readAppRoutes } from './support/app-json';
import { startSmokeServer } from './support/smoke-server';
import { WEAPP_DIST } from './support/weapp-build';
import { WeappSandbox, type PageReport } from './support/weapp-sandbox';

/**
 * Issue 17 item 17: nothing else ever runs the WeChat build. Every page of app.json is booted in a Node
 * sandbox like WeChat's logic layer (no browser globals, `wx` with the real API names), against the real
 * BFF with its demo data, and must render without an exception, a console.error, a navigation WeChat
 * would refuse, or an element the view layer has no template for (base.wxml).
 */

// The weapp build is made (or found current) by the project's global setup; the BFF seeds its demo data.
jest.setTimeout(300_000);

const DEMO_PASSWORD = 'Demo2026pass';
/** Staff pages are booted with a staff session (the workbench's own, beside the person's). */
const STAFF_SESSION_KEY = 'auth.staffSession';

let server: RunningServer;
let sandbox: WeappSandbox;
const buildMs = Number(process.env.WEAPP_SMOKE_BUILD_MS) || 0;
let serverMs = 0;
let pagesStartedAt = 0;
const queries = new Map<string, Record<string, string>>();
const reports: PageReport[] = [];
const startedAt = Date.now();

async function api<T>(method: string, pathname: string, body?: unknown, token?: string): Promise<T> {
  const res = await fetch(`${server.url}${pathname}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${pathname}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

interface Session {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  user: { id: string; role: string };
}

const staffSessions = new Map<string, Session>();

/** One 工作人员登录 per account for the whole file (the BFF limits logins per minute). */
async function staffLogin(username: string): Promise<Session> {
  let session = staffSessions.get(username);
  if (!session) {
    session = await api<Session>('POST', '/api/auth/staff-login', { username, password: DEMO_PASSWORD });
    staffSessions.set(username, session);
  }
  return session;
}

/** What the app stores after 工作人员登录 (services/auth.ts saveSession). */
async function staffSession(username: string): Promise<string> {
  const { accessToken, accessTokenExpiresAt, refreshToken, refreshTokenExpiresAt, user } =
    await staffLogin(username);
  return JSON.stringify({
    accessToken,
    accessTokenExpiresAt,
    refreshToken,
    refreshTokenExpiresAt,
    user: { id: user.id, role: user.role },
  });
}

/** The id of the first row of a staff list (demo data the background seeds made), if any. */
async function firstStaffRow(pathname: string): Promise<string | undefined> {
  const { accessToken } = await staffLogin('demo.window');
  const list = await api<{ items?: Array<{ id?: string }> }>('GET', pathname, undefined, accessToken).catch(
    () => ({
      items: [],
    }),
  );
  return list.items?.[0]?.id;
}

/** Real ids from the demo data, so the pages that need one render it rather than their "缺少…" state. */
async function pageQueries(): Promise<void> {
  const items = await api<{ items: Array<{ code: string; name: string }> }>('GET', '/api/items?pageSize=5');
  const halls = await api<Array<{ code: string }> | { items: Array<{ code: string }> }>('GET', '/api/halls');
  const faqs = await api<{ items: Array<{ id: string }> }>('GET', '/api/faq?pageSize=1').catch(() => ({
    items: [],
  }));
  const item = items.items[0];
  const hall = (Array.isArray(halls) ? halls : halls.items)[0];
  const enc = encodeURIComponent;
  if (item) {
    queries.set('packages/catalog/guide/index', { code: enc(item.code) });
    queries.set('packages/cases/apply/index', { itemCode: enc(item.code) });
    queries.set('packages/consultations/ask/index', { itemCode: enc(item.code), itemName: enc(item.name) });
    queries.set('packages/appointments/halls/index', { itemCode: enc(item.code) });
    if (hall)
      queries.set('packages/appointments/date/index', { itemCode: enc(item.code), hallCode: enc(hall.code) });
  }
  // A search with words: the search bar then also draws its clear icon (MaskClose).
  queries.set('packages/catalog/search/index', { q: enc('营业执照') });
  queries.set('packages/consultations/faq-search/index', { q: enc('营业执照') });
  if (faqs.items[0]) queries.set('packages/consultations/faq/index', { id: enc(faqs.items[0].id) });
  const staffPages: Array<[string, string]> = [
    ['packages/consultations/staff-thread/index', '/api/staff/consultations'],
    ['packages/complaints/staff-complaint/index', '/api/staff/complaints'],
    ['packages/ratings/rectification/index', '/api/staff/rectifications'],
  ];
  for (const [route, list] of staffPages) {
    const id = await firstStaffRow(list);
    if (id) queries.set(route, { id: enc(id) });
  }
}

/** The page folders of the sources, so a page folder that app.json forgets is noticed too. */
function sourcePages(): string[] {
  const src = path.join(__dirname, '..', '..', 'miniapp', 'src');
  const found: string[] = [];
  for (const top of ['pages', 'packages']) {
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name === 'index.config.ts')
          found.push(path.relative(src, path.join(dir, 'index')).split(path.sep).join('/'));
      }
    };
    walk(path.join(src, top));
  }
  return found.sort();
}

beforeAll(async () => {
  const serverStartedAt = Date.now();
  server = await startSmokeServer();
  serverMs = Date.now() - serverStartedAt;
  await pageQueries();
  sandbox = new WeappSandbox(WEAPP_DIST, server.url);
  await sandbox.launch();
  pagesStartedAt = Date.now();
});

afterAll(async () => {
  sandbox?.dispose();
  await server?.shutdown();
  const rendered = reports.filter((r) => r.problems.length === 0 && r.untemplated.length === 0).length;
  if (process.env.WEAPP_SMOKE_VERBOSE) {
    // What each page showed (first 80 characters of its text) and how many requests it made.
    for (const r of reports)
      console.log(
        `${r.route}: ${r.requests} req, ${r.nodes} nodes, ${r.navigations.join(', ') || 'no navigation'}\n  ${r.text.slice(0, 80)}`,
      );
  }
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  // The figures the issue asks for: pages, build (cached or not), the run.
  console.log(
    `weapp smoke: ${rendered}/${reports.length} pages rendered; weapp build ${buildMs ? s(buildMs) : 'cached'}; ` +
      `BFF start ${s(serverMs)}; pages ${s(Date.now() - pagesStartedAt)}; whole file ${s(Date.now() - startedAt)}`,
  );
});

/** The pages of the build the global setup made current. */
const routes = readAppRoutes(WEAPP_DIST);

test('the app launches (app.js, App onLaunch / onShow) without a problem and signs the person in', () => {
  expect(sandbox.appProblems).toEqual([]);
  // bootstrapSession: wx.login → the BFF's code → tokens in storage.
  expect(String(sandbox.storage.get('auth.session') ?? '')).toContain('accessToken');
});

test('app.json lists every page folder of the sources', () => {
  expect(sandbox.routes.pages.slice().sort()).toEqual(sourcePages());
});

test('every page route the bundle navigates to exists in app.json', () => {
  const known = new Set(sandbox.routes.pages);
  const missing = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.js')) {
        for (const m of fs
          .readFileSync(full, 'utf8')
          .matchAll(/["'`]\/((?:pages|packages)\/[\w/-]+\/index)\b/g)) {
          if (!known.has(m[1])) missing.add(`${m[1]} (in ${path.relative(WEAPP_DIST, full)})`);
        }
      }
    }
  };
  walk(WEAPP_DIST);
  expect([...missing]).toEqual([]);
});

describe.each(routes.pages.map((route) => [route]))('%s', (route) => {
  test('boots, calls setData, and draws only elements base.wxml has templates for', async () => {
    if (
      /^packages\/(workbench|auth)\/|\/staff(-[a-z-]+)?\/index$|capacity|rectification|claims/.test(route)
    ) {
      sandbox.storage.set(
        STAFF_SESSION_KEY,
        await staffSession(route.includes('audit') ? 'demo.supervisor' : 'demo.window'),
      );
    }
    const report = await sandbox.boot(route, queries.get(route));
    reports.push(report);
    expect({ route, problems: report.problems, untemplated: report.untemplated }).toEqual({
      route,
      problems: [],
      untemplated: [],
    });
    expect(report.setDataCalls).toBeGreaterThan(0);
    expect(report.nodes).toBeGreaterThan(0);
  });
});
