import { useRouter } from '@tarojs/taro';
import { decodeParam } from '../utils/routes';

/** One router param of the page, decoded; undefined when the page was opened without it (or with ''). */
export function useRouteParam(name: string): string | undefined {
  return decodeParam(useRouter().params[name]);
}
