import http from 'node:http';
import path from 'node:path';
import type { AppRoutes } from './app-json';

/**
 * A `wx` for the smoke test's logic-layer sandbox, with WeChat's real API names (Taro's weapp runtime
 * exposes exactly the keys of `wx` as `Taro.*`, so a page calling an API WeChat lacks fails here too):
 * storage in memory, `login` through the BFF's development code route (the code the fake WeChat server
 * accepts), `request` to the test BFF, navigation checked against app.json, the rest answered like the
 * simulator answers a headless run (success, nothing shown).
 */
export interface WxHost {
  routes: AppRoutes;
  /** The test BFF ('http://127.0.0.1:port'): every request goes there, whatever origin the build carries. */
  bffUrl: string;
  /** Whom `wx.login` signs in as (the dev-code route's userKey). */
  userKey: string;
  /** Copies plain data into the sandbox's realm (its own Object / Array prototypes). */
  toSandbox<T>(value: T): T;
  /** Runs a callback later, the way WeChat answers asynchronously; errors it throws are recorded. */
  defer(fn: () => void): void;
  /** The route of the page in front, for relative URLs. */
  currentRoute(): string | undefined;
  /** A thing WeChat would refuse (navigation to a page that does not exist, …). */
  problem(message: string): void;
  navigated(api: string, url: string): void;
  requestStarted(): void;
  requestEnded(): void;
}

type Options = Record<string, unknown> & {
  success?: (res: unknown) => void;
  fail?: (err: unknown) => void;
  complete?: (res: unknown) => void;
};

export function createWx(host: WxHost) {
  const storage = new Map<string, unknown>();
  const calls: string[] = [];

  function answer(
    api: string,
    opts: Options | undefined,
    result: Record<string, unknown> = {},
    failed?: string,
  ) {
    const res = host.toSandbox({ ...result, errMsg: failed ? `${api}:fail ${failed}` : `${api}:ok` });
    host.defer(() => {
      if (failed) opts?.fail?.(res);
      else opts?.success?.(res);
      opts?.complete?.(res);
    });
  }

  /** An asynchronous API that succeeds with `result`. */
  const ok =
    (api: string, result: () => Record<string, unknown> = () => ({})) =>
    (opts?: Options) => {
      calls.push(api);
      answer(api, opts, result());
    };

  // ---- navigation ----------------------------------------------------------------------------
  function resolveRoute(url: string): { route: string; query: string } {
    const [pathPart, query = ''] = url.split('?');
    let route: string;
    if (pathPart.startsWith('/')) route = pathPart.slice(1);
    else {
      const from = host.currentRoute() ?? '';
      route = path.posix.normalize(path.posix.join(path.posix.dirname(from), pathPart));
    }
    return { route, query };
  }

  function navigation(api: 'navigateTo' | 'redirectTo' | 'switchTab' | 'reLaunch') {
    return (opts: Options = {}) => {
      calls.push(api);
      const url = String(opts.url ?? '');
      const { route, query } = resolveRoute(url);
      let failed: string | undefined;
      if (!host.routes.pages.includes(route)) failed = `page "${route}" is not found`;
      else if (api === 'switchTab' && !host.routes.tabPages.has(route))
        failed = `can not switchTab no-tabBar page`;
      else if ((api === 'navigateTo' || api === 'redirectTo') && host.routes.tabPages.has(route))
        failed = `can not ${api} a tabbar page`;
      else if (api === 'switchTab' && query.replace(/(^|&)__key_=[^&]*/, ''))
        failed = `switchTab does not take a query`;
      if (failed) host.problem(`wx.${api}({ url: '${url}' }): ${api}:fail ${failed}`);
      else host.navigated(api, url);
      answer(api, opts, {}, failed);
    };
  }

  // ---- network ---------------------------------------------------------------------------------
  function request(opts: Options = {}) {
    calls.push('request');
    const target = new URL(String(opts.url ?? ''), host.bffUrl);
    const bff = new URL(host.bffUrl);
    const method = String(opts.method ?? 'GET').toUpperCase();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((opts.header as Record<string, unknown>) ?? {}))
      headers[k] = String(v);
    let body: string | undefined;
    let pathAndQuery = target.pathname + target.search;
    if (opts.data !== undefined) {
      if (method === 'GET' || method === 'HEAD') {
        // wx.request puts GET data in the query string.
        const params = new URLSearchParams(target.search);
        for (const [k, v] of Object.entries(opts.data as Record<string, unknown>)) params.set(k, String(v));
        const q = params.toString();
        pathAndQuery = target.pathname + (q ? `?${q}` : '');
      } else {
        body = typeof opts.data === 'string' ? opts.data : JSON.stringify(opts.data);
        headers['content-type'] ??= 'application/json';
      }
    }
    host.requestStarted();
    let ended = false;
    const end = () => {
      if (!ended) host.requestEnded();
      ended = true;
    };
    const req = http.request(
      {
        host: bff.hostname,
        port: bff.port,
        path: pathAndQuery,
        method,
        headers,
        timeout: Number(opts.timeout) || 15_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let data: unknown = text;
          if ((opts.dataType ?? 'json') === 'json') {
            try {
              data = JSON.parse(text);
            } catch {
              data = text;
            }
          }
          answer('request', opts, { data, statusCode: res.statusCode, header: res.headers, cookies: [] });
          host.defer(end);
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => {
      answer('request', opts, {}, err.message);
      host.defer(end);
    });
    if (body !== undefined) req.write(body);
    req.end();
    return host.toSandbox({}) as Record<string, unknown> & { abort?: () => void };
  }

  function login(opts: Options = {}) {
    calls.push('login');
    request({
      url: '/api/auth/dev-code',
      method: 'POST',
      data: { userKey: host.userKey },
      success: (res) => {
        const r = res as { statusCode: number; data: { code?: string } };
        if (r.statusCode === 200 && r.data?.code) answer('login', opts, { code: r.data.code });
        else answer('login', opts, {}, `dev-code answered ${r.statusCode}`);
      },
      fail: () => answer('login', opts, {}, 'network'),
    });
  }

  const windowInfo = () => ({
    pixelRatio: 2,
    screenWidth: 375,
    screenHeight: 812,
    windowWidth: 375,
    windowHeight: 724,
    statusBarHeight: 44,
    safeArea: { left: 0, right: 375, top: 44, bottom: 778, width: 375, height: 734 },
    screenTop: 88,
  });
  const deviceInfo = () => ({
    brand: 'devtools',
    model: 'iPhone X',
    system: 'iOS 16.0',
    platform: 'devtools',
  });
  const appBaseInfo = () => ({
    SDKVersion: '3.5.0',
    language: 'zh_CN',
    version: '8.0.50',
    theme: 'light',
    fontSizeSetting: 16,
  });
  const systemInfo = () => ({ ...windowInfo(), ...deviceInfo(), ...appBaseInfo() });

  const wx = {
    // storage
    setStorageSync(key: string, value: unknown) {
      storage.set(key, value);
    },
    getStorageSync(key: string) {
      return storage.has(key) ? storage.get(key) : '';
    },
    removeStorageSync(key: string) {
      storage.delete(key);
    },
    clearStorageSync() {
      storage.clear();
    },
    getStorageInfoSync: () => host.toSandbox({ keys: [...storage.keys()], currentSize: 0, limitSize: 10240 }),
    setStorage(opts: Options) {
      storage.set(String(opts.key), opts.data);
      answer('setStorage', opts);
    },
    getStorage(opts: Options) {
      const key = String(opts.key);
      if (storage.has(key)) answer('getStorage', opts, { data: storage.get(key) });
      else answer('getStorage', opts, {}, 'data not found');
    },
    removeStorage(opts: Options) {
      storage.delete(String(opts.key));
      answer('removeStorage', opts);
    },
    clearStorage(opts: Options) {
      storage.clear();
      answer('clearStorage', opts);
    },
    // open abilities
    login,
    checkSession: ok('checkSession'),
    requestSubscribeMessage: ok('requestSubscribeMessage'),
    getSetting: ok('getSetting', () => ({ authSetting: {}, subscriptionsSetting: { mainSwitch: true } })),
    // network
    request,
    uploadFile: ok('uploadFile', () => ({ data: '{}', statusCode: 200 })),
    downloadFile: ok('downloadFile', () => ({ tempFilePath: 'wxfile://tmp/smoke', statusCode: 200 })),
    // routing
    navigateTo: navigation('navigateTo'),
    redirectTo: navigation('redirectTo'),
    switchTab: navigation('switchTab'),
    reLaunch: navigation('reLaunch'),
    navigateBack(opts: Options = {}) {
      calls.push('navigateBack');
      host.navigated('navigateBack', String(opts.delta ?? 1));
      answer('navigateBack', opts);
    },
    // interface
    showToast: ok('showToast'),
    hideToast: ok('hideToast'),
    showLoading: ok('showLoading'),
    hideLoading: ok('hideLoading'),
    showModal: ok('showModal', () => ({ confirm: false, cancel: true })),
    showActionSheet(opts: Options) {
      answer('showActionSheet', opts, {}, 'cancel');
    },
    setNavigationBarTitle: ok('setNavigationBarTitle'),
    setNavigationBarColor: ok('setNavigationBarColor'),
    showNavigationBarLoading: ok('showNavigationBarLoading'),
    hideNavigationBarLoading: ok('hideNavigationBarLoading'),
    setTabBarBadge: ok('setTabBarBadge'),
    removeTabBarBadge: ok('removeTabBarBadge'),
    showTabBarRedDot: ok('showTabBarRedDot'),
    hideTabBarRedDot: ok('hideTabBarRedDot'),
    startPullDownRefresh: ok('startPullDownRefresh'),
    stopPullDownRefresh: ok('stopPullDownRefresh'),
    pageScrollTo: ok('pageScrollTo'),
    enableAlertBeforeUnload: ok('enableAlertBeforeUnload'),
    disableAlertBeforeUnload: ok('disableAlertBeforeUnload'),
    nextTick(fn: () => void) {
      host.defer(fn);
    },
    createSelectorQuery() {
      const query = {
        in: () => query,
        select: () => nodes,
        selectAll: () => nodes,
        selectViewport: () => nodes,
        exec(cb?: (res: unknown[]) => void) {
          host.defer(() => cb?.(host.toSandbox([])));
        },
      };
      const nodes = {
        boundingClientRect: () => query,
        scrollOffset: () => query,
        fields: () => query,
        node: () => query,
        context: () => query,
      };
      return query;
    },
    createIntersectionObserver() {
      return {
        relativeTo: () => ({ observe() {} }),
        relativeToViewport: () => ({ observe() {} }),
        disconnect() {},
      };
    },
    // media, files, device
    chooseImage: ok('chooseImage', () => ({ tempFilePaths: [], tempFiles: [] })),
    chooseMedia: ok('chooseMedia', () => ({ tempFiles: [], type: 'image' })),
    chooseMessageFile: ok('chooseMessageFile', () => ({ tempFiles: [] })),
    previewImage: ok('previewImage'),
    openDocument: ok('openDocument'),
    scanCode: ok('scanCode', () => ({ result: '', scanType: 'QR_CODE' })),
    makePhoneCall: ok('makePhoneCall'),
    setClipboardData: ok('setClipboardData'),
    vibrateShort: ok('vibrateShort'),
    // base
    getSystemInfoSync: () => host.toSandbox(systemInfo()),
    getSystemInfo: ok('getSystemInfo', systemInfo),
    getWindowInfo: () => host.toSandbox(windowInfo()),
    getDeviceInfo: () => host.toSandbox(deviceInfo()),
    getAppBaseInfo: () => host.toSandbox(appBaseInfo()),
    getSystemSetting: () =>
      host.toSandbox({ bluetoothEnabled: false, locationEnabled: false, wifiEnabled: true }),
    getAccountInfoSync: () =>
      host.toSandbox({ miniProgram: { appId: 'wx-dev-appid', envVersion: 'develop', version: '' } }),
    getMenuButtonBoundingClientRect: () =>
      host.toSandbox({ width: 87, height: 32, top: 48, right: 368, bottom: 80, left: 281 }),
    getLaunchOptionsSync: () =>
      host.toSandbox({ path: host.routes.pages[0], query: {}, scene: 1001, referrerInfo: {} }),
    getEnterOptionsSync: () =>
      host.toSandbox({ path: host.routes.pages[0], query: {}, scene: 1001, referrerInfo: {} }),
    getNetworkType: ok('getNetworkType', () => ({ networkType: 'wifi' })),
    onNetworkStatusChange() {},
    offNetworkStatusChange() {},
    onAppShow() {},
    offAppShow() {},
    onAppHide() {},
    offAppHide() {},
    onError() {},
    offError() {},
    onUnhandledRejection() {},
    offUnhandledRejection() {},
    onPageNotFound() {},
    offPageNotFound() {},
    onThemeChange() {},
    offThemeChange() {},
    onWindowResize() {},
    offWindowResize() {},
    getUpdateManager: () => ({
      onCheckForUpdate() {},
      onUpdateReady() {},
      onUpdateFailed() {},
      applyUpdate() {},
    }),
    canIUse: () => true,
    reportAnalytics() {},
    getRealtimeLogManager: () => ({ info() {}, warn() {}, error() {}, setFilterMsg() {}, addFilterMsg() {} }),
    getLogManager: () => ({ log() {}, info() {}, warn() {}, debug() {} }),
    env: { USER_DATA_PATH: 'wxfile://usr' },
  };
  return { wx, storage, calls };
}
