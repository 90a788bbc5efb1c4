import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { readAppRoutes, type AppRoutes } from './app-json';
import { createWx } from './wx-stub';

const testClock = require('../../../scripts/test-clock.cjs') as {
  configuredOffset(): number;
  installClockShift(target: unknown, offsetMs: number): void;
};

/** A node of the render tree Taro sends with setData (`root.cn[…]`): `nn` names its template. */
interface RenderNode {
  nn?: string;
  sid?: string;
  v?: string;
  cn?: RenderNode[];
  [key: string]: unknown;
}

type Lifecycle = (this: PageInstance, ...args: unknown[]) => unknown;
type PageOptions = Record<string, unknown> & { data?: Record<string, unknown> };
interface PageInstance extends Record<string, unknown> {
  route: string;
  __route__: string;
  options: Record<string, string>;
  data: Record<string, unknown>;
  setData(data: Record<string, unknown>, cb?: () => void): void;
}

/** What booting one page produced. */
export interface PageReport {
  route: string;
  problems: string[];
  setDataCalls: number;
  /** Element count of the rendered tree and the node names without a template. */
  nodes: number;
  untemplated: string[];
  navigations: string[];
  requests: number;
  text: string;
}

/**
 * WeChat's logic layer for the weapp build, in a node:vm context: no `window` / `document` / browser
 * globals, only what the mini-program runtime gives (App / Page / Component / Behavior, getApp,
 * getCurrentPages, `wx`, timers, console), each bundle file run once as its own module, `require`
 * resolving relative to it. Pages are booted as WeChat boots them (onLoad → onShow → onReady), the view
 * layer's side is played by applying every setData to the page's data and checking each rendered node
 * against the templates of base.wxml.
 */
export class WeappSandbox {
  readonly routes: AppRoutes;
  private readonly context: vm.Context;
  private readonly sandboxGlobal: Record<string, unknown>;
  private readonly modules = new Map<string, { exports: unknown }>();
  private readonly templates: Set<string>;
  private readonly templateName: (level: number, nn: string, path: string) => string;
  private readonly nestedList: (path: string, nn: string) => string;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly stack: PageInstance[] = [];
  private pendingPage: PageOptions | undefined;
  private appInstance: Record<string, unknown> | undefined;
  private current: PageReport | undefined;
  private pendingRequests = 0;
  private lastActivity = Date.now();
  /** Problems outside any page's boot (app launch, stray timers). */
  readonly appProblems: string[] = [];
  readonly wx: ReturnType<typeof createWx>['wx'];
  readonly storage: Map<string, unknown>;

  constructor(
    private readonly dist: string,
    bffUrl: string,
    userKey = 'weapp-smoke',
  ) {
    this.routes = readAppRoutes(dist);
    const base = fs.readFileSync(path.join(dist, 'base.wxml'), 'utf8');
    this.templates = new Set([...base.matchAll(/<template name="([^"]+)"/g)].map((m) => m[1]));

    const console = {
      log: () => undefined,
      info: () => undefined,
      debug: () => undefined,
      warn: () => undefined,
      error: (...args: unknown[]) => this.problem(`console.error: ${args.map(describe).join(' ')}`),
      group: () => undefined,
      groupEnd: () => undefined,
      time: () => undefined,
      timeEnd: () => undefined,
    };
    const timer =
      (repeat: boolean) =>
      (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
        const run = () => {
          if (!repeat) this.timers.delete(handle);
          this.guard('timer', () => fn(...args));
        };
        const handle = repeat ? setInterval(run, ms) : setTimeout(run, ms);
        this.timers.add(handle);
        return handle;
      };
    const clear = (handle: NodeJS.Timeout) => {
      this.timers.delete(handle);
      clearTimeout(handle);
    };
    this.context = vm.createContext({
      console,
      setTimeout: timer(false),
      setInterval: timer(true),
      clearTimeout: clear,
      clearInterval: clear,
      App: (options: Record<string, unknown>) => {
        this.appInstance = options;
      },
      Page: (options: PageOptions) => {
        this.pendingPage = options;
      },
      Component: (options: PageOptions) => {
        // Taro registers custom wrappers / recursive `comp` as components; pages are all `Page` here.
        this.pendingPage ??= options;
      },
      Behavior: (options: unknown) => options,
      getApp: () => this.appInstance,
      getCurrentPages: () => [...this.stack],
      requirePlugin: () => {
        throw new Error('requirePlugin: the project uses no mini-program plugin');
      },
    });
    this.sandboxGlobal = vm.runInContext('globalThis', this.context) as Record<string, unknown>;
    // The tests' clock (TEST_NOW) in this realm too.
    testClock.installClockShift(this.sandboxGlobal, testClock.configuredOffset());

    const created = createWx({
      routes: this.routes,
      bffUrl,
      userKey,
      toSandbox: (value) => this.toSandbox(value),
      defer: (fn) => {
        const handle = setTimeout(() => {
          this.timers.delete(handle);
          this.guard('callback', fn);
        }, 0);
        this.timers.add(handle);
      },
      currentRoute: () => this.stack[this.stack.length - 1]?.route,
      problem: (message) => this.problem(message),
      navigated: (api, url) => {
        this.current?.navigations.push(`${api} ${url}`);
        this.touch();
      },
      requestStarted: () => {
        this.pendingRequests += 1;
        if (this.current) this.current.requests += 1;
        this.touch();
      },
      requestEnded: () => {
        this.pendingRequests -= 1;
        this.touch();
      },
    });
    this.wx = created.wx;
    this.storage = created.storage;
    this.sandboxGlobal.wx = this.wx;

    // The view layer's template chooser (utils.wxs), run as the view layer runs it.
    const wxs = { exports: {} as Record<string, (...a: unknown[]) => string> };
    vm.runInNewContext(fs.readFileSync(path.join(dist, 'utils.wxs'), 'utf8'), { module: wxs });
    this.templateName = (level, nn, p) => wxs.exports.a(level, nn, p);
    this.nestedList = (p, nn) => wxs.exports.f(p, nn);
  }

  /** `require` of the bundle: one module per file, run once, relative to the requiring file. */
  private load(file: string): unknown {
    const resolved = file.endsWith('.js') ? file : `${file}.js`;
    const cached = this.modules.get(resolved);
    if (cached) return cached.exports;
    const module = { exports: {} as unknown };
    this.modules.set(resolved, module);
    const code = fs.readFileSync(resolved, 'utf8');
    // WeChat wraps each file like this, shadowing the browser globals a web bundle might reach for.
    const wrapped = `(function (require, module, exports, window, document, self, navigator, location, localStorage) {${code}\n})`;
    const fn = vm.runInContext(wrapped, this.context, { filename: resolved }) as (...a: unknown[]) => void;
    const localRequire = (id: string) => this.load(path.resolve(path.dirname(resolved), id));
    fn(localRequire, module, module.exports);
    return module.exports;
  }

  private toSandbox<T>(value: T): T {
    if (value === undefined) return value;
    const json = this.sandboxGlobal.JSON as JSON;
    return json.parse(JSON.stringify(value)) as T;
  }

  private touch() {
    this.lastActivity = Date.now();
  }

  private problem(message: string) {
    if (this.current) this.current.problems.push(message);
    else this.appProblems.push(message);
  }

  private guard(where: string, fn: () => void) {
    try {
      fn();
    } catch (err) {
      this.problem(`exception in ${where}: ${describe(err)}`);
    }
  }

  /** Unhandled rejections of the sandbox surface in the host process: count them as the page's. */
  private readonly onRejection = (reason: unknown) =>
    this.problem(`unhandled rejection: ${describe(reason)}`);

  /** Runs app.js and the app's onLaunch / onShow, as WeChat does before the first page. */
  async launch(): Promise<void> {
    process.on('unhandledRejection', this.onRejection);
    this.guard('app.js', () => this.load(path.join(this.dist, 'app.js')));
    if (!this.appInstance) {
      this.appProblems.push('app.js did not call App()');
      return;
    }
    const launchOptions = this.toSandbox({
      path: this.routes.pages[0],
      query: {},
      scene: 1001,
      referrerInfo: {},
    });
    const app = this.appInstance;
    for (const hook of ['onLaunch', 'onShow']) {
      const fn = app[hook];
      if (typeof fn === 'function') this.guard(`App.${hook}`, () => fn.call(app, launchOptions));
    }
    await this.settle();
  }

  /** Boots one page (onLoad → onShow → onReady), waits until it is quiet, checks what it rendered, unloads it. */
  async boot(route: string, query: Record<string, string> = {}): Promise<PageReport> {
    const report: PageReport = {
      route,
      problems: [],
      setDataCalls: 0,
      nodes: 0,
      untemplated: [],
      navigations: [],
      requests: 0,
      text: '',
    };
    this.current = report;
    this.pendingPage = undefined;
    const file = path.join(this.dist, `${route}.js`);
    if (!this.modules.has(file)) this.guard('page script', () => this.load(file));
    const options = this.pendingPage ?? this.registered.get(route);
    if (!options) {
      report.problems.push(`${route}.js did not call Page()`);
      this.current = undefined;
      return report;
    }
    this.registered.set(route, options);

    const page = this.instantiate(route, options, query, report);
    this.stack.splice(0, this.stack.length, page);
    const call = (hook: string, ...args: unknown[]) => {
      const fn = page[hook];
      if (typeof fn === 'function') this.guard(`Page.${hook}`, () => (fn as Lifecycle).call(page, ...args));
    };
    call('onLoad', this.toSandbox(query));
    call('onShow');
    // WeChat calls onReady once the first render reached the view layer.
    await this.until(() => report.setDataCalls > 0, 3000);
    call('onReady');
    await this.settle();
    if (report.setDataCalls === 0) report.problems.push('the page never called setData (nothing rendered)');
    this.inspect(page.data.root as RenderNode | undefined, report);
    call('onHide');
    call('onUnload');
    await this.until(() => false, 20);
    this.stack.splice(0, this.stack.length);
    this.current = undefined;
    return report;
  }

  private readonly registered = new Map<string, PageOptions>();

  /** A page instance as WeChat makes one from the Page() options: methods, a deep copy of data, setData. */
  private instantiate(
    route: string,
    options: PageOptions,
    query: Record<string, string>,
    report: PageReport,
  ) {
    const page = { ...options } as PageInstance;
    page.route = route;
    page.__route__ = route;
    page.options = this.toSandbox(query);
    page.data = this.toSandbox(options.data ?? {});
    page.setData = (data, cb) => {
      report.setDataCalls += 1;
      this.touch();
      for (const [key, value] of Object.entries(data)) assignPath(page.data, key, value);
      if (cb) this.wx.nextTick(cb);
    };
    page.selectComponent = () => null;
    page.createSelectorQuery = () => this.wx.createSelectorQuery();
    page.getOpenerEventChannel = () => ({ on() {}, once() {}, off() {}, emit() {} });
    return page;
  }

  /** Waits until no request is in flight and nothing (setData, request, navigation) happened for 120 ms (at most 10 s). */
  private async settle(): Promise<void> {
    this.touch();
    const quiet = await this.until(
      () => this.pendingRequests === 0 && Date.now() - this.lastActivity >= 120,
      10_000,
    );
    if (!quiet) this.problem(`still busy after 10 s (${this.pendingRequests} request(s) in flight)`);
  }

  private async until(done: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
      if (done()) return true;
    }
    return false;
  }

  /** Walks the tree the view layer would draw, choosing templates as utils.wxs does. */
  private inspect(root: RenderNode | undefined, report: PageReport): void {
    const texts: string[] = [];
    const walk = (nodes: RenderNode[] | undefined, level: number, nested: string) => {
      for (const node of nodes ?? []) {
        if (typeof node !== 'object' || node === null) continue;
        const nn = String(node.nn);
        report.nodes += 1;
        if (typeof node.v === 'string') texts.push(node.v);
        let name = this.templateName(level, nn, nested);
        let next = level + 1;
        // Past the deepest level the view layer starts over inside the recursive `comp` component.
        if (/^tmpl_\d+_container$/.test(name)) {
          name = this.templateName(0, nn, nested);
          next = 1;
        }
        if (!this.templates.has(name)) report.untemplated.push(`${nn} (no <template name="${name}">)`);
        walk(node.cn, next, this.nestedList(nested, nn));
      }
    };
    walk(root?.cn, 0, '');
    report.text = texts.join('').replace(/\s+/g, ' ').trim();
    report.untemplated = [...new Set(report.untemplated)];
  }

  /** Evaluates an expression in the sandbox's global scope (tests of the sandbox itself). */
  evaluate(expression: string): unknown {
    return this.toHost(vm.runInContext(expression, this.context));
  }

  private toHost<T>(value: T): T {
    return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
  }

  /** Stops every timer the bundle left (polls, retries) and the rejection listener. */
  dispose(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    process.off('unhandledRejection', this.onRejection);
  }
}

/** setData keys: 'root', 'root.cn.[0].v', 'a.b[2].c'. */
function assignPath(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = [...key.matchAll(/[^.[\]]+/g)].map((m) => m[0]);
  let obj = target as Record<string, unknown>;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i];
    const nextIsIndex = /^\d+$/.test(parts[i + 1]);
    if (typeof obj[part] !== 'object' || obj[part] === null) obj[part] = nextIsIndex ? [] : {};
    obj = obj[part] as Record<string, unknown>;
  }
  obj[parts[parts.length - 1]] = typeof value === 'function' ? (value as () => unknown)() : value;
}

function describe(value: unknown): string {
  if (value instanceof Error || (value && typeof value === 'object' && 'stack' in value)) {
    const err = value as Error;
    return `${err.name}: ${err.message}\n${String(err.stack ?? '')
      .split('\n')
      .slice(1, 4)
      .join('\n')}`;
  }
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value).slice(0, 300);
    } catch {
      return String(value);
    }
  }
  return String(value);
}
