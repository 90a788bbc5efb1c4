/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.css';
declare module '*.scss';

/** Injected by config/index.ts `defineConstants` (mini-program builds). */
declare const API_BASE_URL: string;
/** Comma-separated subscribe-message template ids of the appointment reminders (config/index.ts). */
declare const SUBSCRIBE_TEMPLATE_IDS: string;

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production' | 'test';
    TARO_ENV?: 'weapp' | 'h5' | string;
    TARO_APP_API_BASE_URL?: string;
    TARO_APP_SUBSCRIBE_TEMPLATE_IDS?: string;
  }
}
