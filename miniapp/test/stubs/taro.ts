// A stand-in for @tarojs/taro in jsdom: request is a jest.fn each test programs; page hooks run like effects.
import { useEffect, useRef } from 'react';

type Fn = (...args: never[]) => unknown;

const state: {
  params: Record<string, string>;
  route: string | undefined;
  reachBottom: Array<() => void>;
  show: Array<() => void>;
  hide: Array<() => void>;
  unload: Array<() => void>;
} = {
  params: {},
  route: undefined,
  reachBottom: [],
  show: [],
  hide: [],
  unload: [],
};

export const request = jest.fn();
export const navigateTo = jest.fn(() => Promise.resolve());
export const switchTab = jest.fn(() => Promise.resolve());
export const showToast = jest.fn(() => Promise.resolve());
export const makePhoneCall = jest.fn(() => Promise.resolve());
export const setNavigationBarTitle = jest.fn(() => Promise.resolve());
export const stopPullDownRefresh = jest.fn(() => Promise.resolve());
export const redirectTo = jest.fn(() => Promise.resolve());
export const reLaunch = jest.fn(() => Promise.resolve());
export const navigateBack = jest.fn(() => Promise.resolve());
/** Resolves `{ confirm: true }` unless a test programs otherwise. */
/** Downloads answer a temp path named after the URL (tests program failures with mockImplementationOnce). */
export const downloadFile = jest.fn((opts: { url: string }) =>
  Promise.resolve({ statusCode: 200, tempFilePath: `temp://${opts.url.split('/').pop()}` }),
);
export const previewImage = jest.fn(() => Promise.resolve());
/** Opens a downloaded file (督查 Excel exports in WeChat). */
export const openDocument = jest.fn(() => Promise.resolve());
export const showModal = jest.fn(() => Promise.resolve({ confirm: true, cancel: false }));
export const login = jest.fn(() => Promise.resolve({ code: 'wx-code', errMsg: 'login:ok' }));
/** WeChat's subscribe-message prompt: resolves as if the person accepted every template. */
export const requestSubscribeMessage = jest.fn((opts: { tmplIds: string[] }) =>
  Promise.resolve({
    errMsg: 'requestSubscribeMessage:ok',
    ...Object.fromEntries(opts.tmplIds.map((id) => [id, 'accept'])),
  }),
);
/** The camera scanner (weapp): a test programs what it reads. */
export const scanCode = jest.fn((): Promise<{ result: string; errMsg: string }> =>
  Promise.reject(new Error('scanCode:fail cancel')),
);

/** Taro storage as an in-memory map (cleared after each test). */
export const storage = new Map<string, unknown>();
export const getStorageSync = (key: string) => (storage.has(key) ? storage.get(key) : '');
export const setStorageSync = (key: string, value: unknown) => {
  storage.set(key, value);
};
export const removeStorageSync = (key: string) => {
  storage.delete(key);
};
export const getEnv = () => 'WEB';
export const ENV_TYPE = { WEAPP: 'WEAPP', WEB: 'WEB' };

/** The page stack as getCurrentPages shows it: the page in front (undefined: none known). */
export function setCurrentRoute(route: string | undefined): void {
  state.route = route;
}
export const getCurrentPages = () => (state.route ? [{ route: state.route }] : []);

/** Router params for the page under test. */
export function setRouterParams(params: Record<string, string>): void {
  state.params = params;
}
/** Fires the page's onReachBottom handlers (infinite scroll). */
export function triggerReachBottom(): void {
  state.reachBottom.forEach((fn) => fn());
}
/** The page comes back to the front (useDidShow handlers run again). */
export function triggerShow(): void {
  state.show.forEach((fn) => fn());
}
/** The page goes to the background (useDidHide handlers). */
export function triggerHide(): void {
  state.hide.forEach((fn) => fn());
}
/** The page is closed (useUnload handlers). */
export function triggerUnload(): void {
  state.unload.forEach((fn) => fn());
}
export function resetTaroStub(): void {
  state.params = {};
  state.route = undefined;
  state.reachBottom = [];
  state.show = [];
  state.hide = [];
  state.unload = [];
  storage.clear();
  const resolving = [
    navigateTo,
    switchTab,
    showToast,
    makePhoneCall,
    setNavigationBarTitle,
    stopPullDownRefresh,
    redirectTo,
    reLaunch,
    navigateBack,
  ];
  [
    request,
    showModal,
    login,
    requestSubscribeMessage,
    scanCode,
    downloadFile,
    previewImage,
    openDocument,
    ...resolving,
  ].forEach((m) => m.mockReset());
  downloadFile.mockImplementation((opts: { url: string }) =>
    Promise.resolve({ statusCode: 200, tempFilePath: `temp://${opts.url.split('/').pop()}` }),
  );
  previewImage.mockImplementation(() => Promise.resolve());
  openDocument.mockImplementation(() => Promise.resolve());
  requestSubscribeMessage.mockImplementation((opts: { tmplIds: string[] }) =>
    Promise.resolve({
      errMsg: 'requestSubscribeMessage:ok',
      ...Object.fromEntries(opts.tmplIds.map((id) => [id, 'accept'])),
    }),
  );
  scanCode.mockImplementation(() => Promise.reject(new Error('scanCode:fail cancel')));
  resolving.forEach((m) => m.mockImplementation(() => Promise.resolve()));
  showModal.mockImplementation(() => Promise.resolve({ confirm: true, cancel: false }));
  login.mockImplementation(() => Promise.resolve({ code: 'wx-code', errMsg: 'login:ok' }));
}

export const getCurrentInstance = () => ({ router: { params: state.params, path: '' }, page: {} });
export const useRouter = () => ({ params: state.params, path: '' });

function useOnMount(fn: Fn) {
  useEffect(() => {
    fn();
  }, []); // once, like a page lifecycle
}
export const useLoad = (fn: (params: Record<string, string>) => void) => useOnMount(() => fn(state.params));
/** Registers `fn` under `list` for the component's lifetime, always calling its latest version. */
function useRegistered(list: 'show' | 'hide' | 'unload', fn: () => void) {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    const cb = () => ref.current();
    state[list].push(cb);
    return () => {
      state[list] = state[list].filter((x) => x !== cb);
    };
  }, []);
}
/** Runs on mount (the first show) and again on each triggerShow(). */
export const useDidShow = (fn: () => void) => {
  useOnMount(fn);
  useRegistered('show', fn);
};
export const useReady = (fn: () => void) => useOnMount(fn);
export const useDidHide = (fn: () => void) => useRegistered('hide', fn);
export const useLaunch = (fn: () => void) => useOnMount(fn);
export const useUnload = (fn: () => void) => useRegistered('unload', fn);
export const usePullDownRefresh = () => undefined;
export function useReachBottom(fn: () => void) {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    const cb = () => ref.current();
    state.reachBottom.push(cb);
    return () => {
      state.reachBottom = state.reachBottom.filter((x) => x !== cb);
    };
  }, []);
}

const Taro = {
  request,
  navigateTo,
  switchTab,
  showToast,
  makePhoneCall,
  setNavigationBarTitle,
  stopPullDownRefresh,
  redirectTo,
  reLaunch,
  navigateBack,
  showModal,
  downloadFile,
  previewImage,
  openDocument,
  login,
  requestSubscribeMessage,
  scanCode,
  getStorageSync,
  setStorageSync,
  removeStorageSync,
  getEnv,
  ENV_TYPE,
  getCurrentInstance,
  getCurrentPages,
};
export default Taro;
