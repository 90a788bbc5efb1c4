import type { CreateUserRequest } from '@app/shared';
import type { AppDeps } from '../../../app-deps';
import { AppError } from '../../../http/app-error';
import { identityOf } from '../../auth/identity';

/** Shared by every demo account: shown in README.md, never created in production. */
export const DEMO_PASSWORD = 'Demo2026pass';

/** Staff at both pilot halls, a supervisor and an admin, so the workbench can be tried at once. */
export const DEMO_ACCOUNTS: CreateUserRequest[] = [
  {
    role: 'staff',
    username: 'demo.window',
    password: DEMO_PASSWORD,
    name: '王窗口',
    department: 'ZRZY',
    halls: ['HALL-SZ'],
    duties: [],
  },
  {
    role: 'staff',
    username: 'demo.scjg',
    password: DEMO_PASSWORD,
    name: '李市监',
    department: 'SCJG',
    halls: ['HALL-SZ'],
    duties: [],
  },
  {
    role: 'staff',
    username: 'demo.mishan',
    password: DEMO_PASSWORD,
    name: '赵密山',
    department: 'GA',
    halls: ['HALL-MS'],
    duties: [],
  },
  {
    // 税务: parallel tasks of 分公司设立登记 (cases/demo/demo-parallel-items.ts); 公安's go to demo.mishan.
    role: 'staff',
    username: 'demo.shuiwu',
    password: DEMO_PASSWORD,
    name: '钱税务',
    department: 'SW',
    halls: ['HALL-SZ'],
    duties: [],
  },
  {
    role: 'supervisor',
    username: 'demo.supervisor',
    password: DEMO_PASSWORD,
    name: '周督查',
    halls: [],
    duties: [],
  },
  { role: 'admin', username: 'demo.admin', password: DEMO_PASSWORD, name: '吴管理', halls: [], duties: [] },
];

/** Creates the demo accounts that do not exist yet (idempotent: an existing username is left alone). */
export async function seedDemoAccounts(deps: AppDeps): Promise<string[]> {
  if (deps.config.isProduction) return [];
  const { userService } = identityOf(deps);
  const created: string[] = [];
  for (const account of DEMO_ACCOUNTS) {
    try {
      await userService.createAccount(account);
      created.push(account.username);
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'USERNAME_TAKEN')) throw err;
    }
  }
  if (created.length > 0) {
    deps.logger.info(`demo accounts created: ${created.join(', ')} (password in README.md)`);
  }
  return created;
}
