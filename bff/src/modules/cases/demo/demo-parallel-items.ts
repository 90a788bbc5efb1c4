import type { AppDeps } from '../../../app-deps';
import { casesOf } from '../cases.module';

/**
 * Demo items whose cases get parallel tasks (并联审批) at 受理, and the departments they go to. Every
 * department named here has a demo staff account (users/demo/demo-accounts.ts, README table), so a
 * newcomer can walk each flow to 办结.
 */
export const DEMO_PARALLEL_ITEMS: Array<{
  itemCode: string;
  coDepartments: Array<{ department: string; limitDays?: number }>;
}> = [
  // 分公司设立登记 (市市场监督管理局): 公安 (印章刻制备案) and 税务 (税务登记) in parallel.
  {
    itemCode: 'JX-SCJG-0064',
    coDepartments: [
      { department: 'GA', limitDays: 3 },
      { department: 'SW', limitDays: 3 },
    ],
  },
  {
    itemCode: 'MS-SCJG-0064',
    coDepartments: [
      { department: 'GA', limitDays: 3 },
      { department: 'SW', limitDays: 3 },
    ],
  },
];

/** Idempotent: the settings are upserted per item. Never in production. */
export async function seedDemoParallelItems(deps: AppDeps): Promise<void> {
  if (deps.config.isProduction) return;
  const { service } = casesOf(deps);
  for (const item of DEMO_PARALLEL_ITEMS) await service.configureItem(item.itemCode, item.coDepartments);
}
