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
  [
    request,
    navigateTo,
    switchTab,
    showToast,
    makePhoneCall,
    setNavigationBarTitle,
    stopPullDownRefresh,
  ].forEach((m) => m.mockReset());
  [navigateTo, switchTab, showToast, makePhoneCall, setNavigationBarTitle, stopPullDownRefresh].forEach((m) =>
    m.mockImplementation(() => Promise.resolve()),
  );
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
  getEnv,
  ENV_TYPE,
  getCurrentInstance,
};
export default Taro;
