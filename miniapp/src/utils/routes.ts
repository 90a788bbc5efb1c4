import { buildQuery, type QueryValue } from '../services/api-client';

/** Every route of the app in one place (tab pages use switchTab, the others navigateTo). */
export const TAB_ROUTES = {
  home: '/pages/home/index',
  catalog: '/pages/catalog/index',
  mine: '/pages/mine/index',
} as const;

export function guideRoute(code: string): string {
  return `/packages/catalog/guide/index${buildQuery({ code })}`;
}

export function searchRoute(params: Record<string, QueryValue>): string {
  return `/packages/catalog/search/index${buildQuery(params)}`;
}

/** Router params arrive URL-encoded on some platforms: decode safely. */
export function decodeParam(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
