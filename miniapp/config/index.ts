import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

/** The shared contracts workspace is TypeScript source: Taro must compile it like our own code. */
const sharedDir = path.resolve(__dirname, '..', '..', 'shared');

/**
 * API base URL for the mini-program build (H5 always calls its own origin: the BFF serves dist/h5 at `/`).
 * Set TARO_APP_API_BASE_URL at build time for a real deployment (must be an HTTPS domain allowed in the
 * mini-program console).
 */
const apiBaseUrl = process.env.TARO_APP_API_BASE_URL || 'http://127.0.0.1:3000';

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'zuiduo-paoyici-miniapp',
    date: '2026-01-01',
    // Our styles follow a 750px design; NutUI's own styles are written for 375px.
    designWidth(input) {
      const file = typeof input === 'object' && input ? input.file : undefined;
      if (file && file.replace(/\\+/g, '/').includes('@nutui')) return 375;
      return 750;
    },
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${process.env.TARO_ENV || 'weapp'}`,
    // NutUI React Taro renders some of its parts as HTML tags (icons are `<i>`, …); the mini-program has
    // templates only for its own components, so NutUI's setup for Taro requires @tarojs/plugin-html (same
    // version as Taro), which maps those tags to mini-program components. H5 is unaffected.
    plugins: ['@tarojs/plugin-html'],
    defineConstants: {
      API_BASE_URL: JSON.stringify(apiBaseUrl),
      // Appointment reminder templates (订阅消息), comma-separated, from the mini-program console.
      SUBSCRIBE_TEMPLATE_IDS: JSON.stringify(process.env.TARO_APP_SUBSCRIBE_TEMPLATE_IDS || ''),
    },
    alias: {
      '@app/shared': path.resolve(sharedDir, 'src'),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile: { include: [sharedDir] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
      optimizeMainPackage: { enable: true },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      compile: { include: [sharedDir] },
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      router: { mode: 'hash' },
      webpackChain(chain) {
        // Taro splits only initial chunks on H5, so every lazily loaded page would carry its own copy of
        // NutUI, zod and the shared contracts: split async chunks too.
        const splitChunks = chain.optimization.get('splitChunks');
        if (splitChunks) chain.optimization.splitChunks({ ...splitChunks, chunks: 'all' });
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
    },
  };

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig);
  }
  return merge({}, baseConfig, prodConfig);
});
