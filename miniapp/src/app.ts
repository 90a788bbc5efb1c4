import type { PropsWithChildren } from 'react';
import { config as configureZod } from 'zod';
import './app.scss';

// Mini-program engines forbid `new Function`: tell zod (response validation) not to probe for its JIT.
if (process.env.TARO_ENV !== 'h5') configureZod({ jitless: true });

/** The app shell: Taro renders the current page as `children`. */
function App({ children }: PropsWithChildren) {
  return children;
}

export default App;
