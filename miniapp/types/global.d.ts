/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.css';
declare module '*.scss';

/** Injected by config/index.ts `defineConstants` (mini-program builds). */
declare const API_BASE_URL: string;

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production' | 'test';
    TARO_ENV?: 'weapp' | 'h5' | string;
    TARO_APP_API_BASE_URL?: string;
  }
}
