import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { config as configureZod } from 'zod';
import { bootstrapSession } from './services/auth';
import './app.scss';

// Mini-program engines forbid `new Function`: tell zod (response validation) not to probe for its JIT.
if (process.env.TARO_ENV !== 'h5') configureZod({ jitless: true });

/** The app shell: Taro renders the current page as `children`. */
function App({ children }: PropsWithChildren) {
  // Silent login on launch (WeChat code, or the development code on H5); tokens go in storage.
  useLaunch(() => bootstrapSession());
  return children;
}

export default App;
