import { useEffect, useRef } from 'react';
import Taro from '@tarojs/taro';
import { confirmAction } from '../utils/confirm';

export const LEAVE_TITLE = '放弃填写？';
export const LEAVE_MESSAGE = '已填写的内容和选择的文件尚未提交，离开后将丢失。';

/**
 * Asks before leaving a page whose form has changes. WeChat: `enableAlertBeforeUnload` (back button,
 * swipe back). H5: the title bar's back / home buttons ask with the same dialog, and closing or
 * reloading the tab asks through the browser. Pass `false` once submitted.
 */
export function useLeaveGuard(dirty: boolean, message = LEAVE_MESSAGE): void {
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;

  useEffect(() => {
    if (process.env.TARO_ENV === 'h5' || typeof Taro.enableAlertBeforeUnload !== 'function') return;
    if (dirty) void Promise.resolve(Taro.enableAlertBeforeUnload({ message })).catch(() => undefined);
    else void Promise.resolve(Taro.disableAlertBeforeUnload?.()).catch(() => undefined);
  }, [dirty, message]);

  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return undefined;
    let asking = false;
    const onClick = (event: MouseEvent) => {
      const target = event.target as Element | null;
      const button = target?.closest?.('.taro-navigation-bar-back, .taro-navigation-bar-home');
      if (!button || !dirtyRef.current) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      if (asking) return;
      asking = true;
      void confirmAction(LEAVE_TITLE, message, '离开').then((leave) => {
        asking = false;
        if (!leave) return;
        dirtyRef.current = false;
        if (button.classList.contains('taro-navigation-bar-home'))
          void Taro.reLaunch({ url: '/pages/home/index' });
        else void Taro.navigateBack();
      });
    };
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!dirtyRef.current) return;
      event.preventDefault();
      event.returnValue = message;
    };
    document.addEventListener('click', onClick, true);
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      document.removeEventListener('click', onClick, true);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [message]);

  useEffect(
    () => () => {
      if (process.env.TARO_ENV !== 'h5')
        void Promise.resolve(Taro.disableAlertBeforeUnload?.()).catch(() => undefined);
    },
    [],
  );
}
