import type { UserConfigExport } from '@tarojs/cli';

export default {
  logger: { quiet: false, stats: true },
  mini: {},
  h5: {
    // `npm run dev:h5`: the BFF runs on :3000; proxy /api so the H5 app keeps calling its own origin.
    devServer: {
      port: 10086,
      proxy: [{ context: ['/api'], target: 'http://127.0.0.1:3000', changeOrigin: true }],
    },
  },
} satisfies UserConfigExport<'webpack5'>;
