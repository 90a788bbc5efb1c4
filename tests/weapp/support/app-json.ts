import fs from 'node:fs';
import path from 'node:path';

/** The parts of dist/weapp/app.json the smoke test needs. */
export interface AppJson {
  pages: string[];
  subPackages?: Array<{ root: string; pages: string[] }>;
  subpackages?: Array<{ root: string; pages: string[] }>;
  tabBar?: { list: Array<{ pagePath: string }> };
}

export interface AppRoutes {
  /** Every page, main package first, as routes without a leading slash ('packages/x/y/index'). */
  pages: string[];
  tabPages: Set<string>;
}

export function readAppRoutes(dist: string): AppRoutes {
  const app = JSON.parse(fs.readFileSync(path.join(dist, 'app.json'), 'utf8')) as AppJson;
  const pages = [...app.pages];
  for (const sub of app.subPackages ?? app.subpackages ?? []) {
    for (const page of sub.pages) pages.push(path.posix.join(sub.root, page));
  }
  const tabPages = new Set((app.tabBar?.list ?? []).map((item) => item.pagePath.replace(/^\//, '')));
  return { pages, tabPages };
}
