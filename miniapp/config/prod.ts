import type { UserConfigExport } from '@tarojs/cli';

export default {
  mini: {
    // No source maps in the shipped package: they count against the 2 MB main-package limit.
    enableSourceMap: false,
  },
  h5: {
    enableSourceMap: false,
  },
} satisfies UserConfigExport<'webpack5'>;
