import type { PropsWithChildren } from 'react';
import Taro, { useLaunch, usePageNotFound } from '@tarojs/taro';
import { config as configureZod } from 'zod';
import { bootstrapSession } from './services/auth';
import { NOT_FOUND_ROUTE } from './utils/routes';
import { buildQuery } from './services/api-client';
import './app.scss';

// Mini-program engines forbid `new Function`: tell zod (response validation) not to probe for its JIT.
if (process.env.TARO_ENV !== 'h5') configureZod({ jitless: true });

/** The app shell: Taro renders the current page as `children`. */
function App({ children }: PropsWithChildren) {
  // Silent login on launch (WeChat code, or the development code on H5); tokens go in storage.
  useLaunch(() => bootstrapSession());
  // An address that is no page (old link, typo): 页面不存在 with a way home, never a blank screen.
  usePageNotFound((res) => {
    void Taro.reLaunch({ url: `${NOT_FOUND_ROUTE}${buildQuery({ path: res.path })}` });
  });
  return children;
}

export default App;
