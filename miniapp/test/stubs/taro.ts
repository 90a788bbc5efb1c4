// A stand-in for @tarojs/taro in jsdom: request is a jest.fn each test programs; page hooks run like effects.
import { useEffect, useRef } from 'react';

type Fn = (...args: never[]) => unknown;

const state: { params: Record<string, string>; reachBottom: Array<() => void> } = {
  params: {},
  reachBottom: [],
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
export const showModal = jest.fn(() => Promise.resolve({ confirm: true, cancel: false }));
export const login = jest.fn(() => Promise.resolve({ code: 'wx-code', errMsg: 'login:ok' }));

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

/** Router params for the page under test. */
export function setRouterParams(params: Record<string, string>): void {
  state.params = params;
}
/** Fires the page's onReachBottom handlers (infinite scroll). */
export function triggerReachBottom(): void {
  state.reachBottom.forEach((fn) => fn());
}
export function resetTaroStub(): void {
  state.params = {};
  state.reachBottom = [];
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
  [request, showModal, login, ...resolving].forEach((m) => m.mockReset());
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
export const useDidShow = (fn: () => void) => useOnMount(fn);
export const useReady = (fn: () => void) => useOnMount(fn);
export const useDidHide = () => undefined;
export const useLaunch = (fn: () => void) => useOnMount(fn);
export const useUnload = () => undefined;
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
  login,
  getStorageSync,
  setStorageSync,
  removeStorageSync,
  getEnv,
  ENV_TYPE,
  getCurrentInstance,
};
export default Taro;
