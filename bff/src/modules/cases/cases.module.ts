import type { AppDeps } from '../../app-deps';
import { identityOf } from '../auth/identity';
import { closuresFrom, createHallClosureRepository } from '../calendar';
import { createDepartmentRepository } from '../catalog/repositories/department.repository';
import { createServiceItemRepository } from '../catalog/repositories/service-item.repository';
import { createCaseFileStore, createCaseRepository } from './repositories/case.repository';
import {
  createCaseNotifier,
  startCaseNotificationWorker,
  type NotificationOptions,
} from './services/case-notifications';
import { createCaseService, type CaseServiceDeps } from './services/case.service';
import { createDepartmentNames } from './services/department-names';

export type CasesDeps = Pick<AppDeps, 'config' | 'logger' | 'mongo' | 'redis' | 'wechat'>;

export interface CasesOptions {
  now?: () => Date;
  progressLimits?: CaseServiceDeps['progressLimits'];
}

/** Wires the cases capability over one app's stores (registers the `cases` model on its connection). */
export function createCases(deps: CasesDeps, options: CasesOptions = {}) {
  const connection = deps.mongo.connection;
  const identity = identityOf(deps);
  const items = createServiceItemRepository(connection);
  const repo = createCaseRepository(connection);
  const files = createCaseFileStore(connection);
  const closures = createHallClosureRepository(connection);
  const notifier = createCaseNotifier({ redis: deps.redis, logger: deps.logger });
  const service = createCaseService({
    repo,
    files,
    findPublishedItem: (code) => items.findPublishedByCode(code),
    notifier,
    redis: deps.redis,
    logger: deps.logger,
    now: options.now,
    progressLimits: options.progressLimits,
    departmentNames: createDepartmentNames(() => createDepartmentRepository(connection).list()),
    // Every closure the hall declared from then on: a handful per hall, and a limit may run for months.
    closuresOf: async (hallCode, from) =>
      closuresFrom(await closures.listInRange(hallCode, from, '9999-12-31')),
    people: {
      async realName(userId) {
        const user = await identity.users.findById(userId);
        if (!user?.realNameAt || !user.name) return undefined;
        return {
          name: user.name,
          ...(user.idNumberEnc ? { idNumber: identity.vault.decrypt(user.idNumberEnc) } : {}),
        };
      },
      async staffName(userId) {
        return (await identity.users.findById(userId))?.name ?? undefined;
      },
      activeEnterpriseIds: (userId) => identity.enterpriseService.activeEnterpriseIds(userId),
      async enterprise(enterpriseId) {
        const found = await identity.enterprises.findById(enterpriseId);
        return found ? { name: found.name, creditCode: found.creditCode } : undefined;
      },
      hash: (value) => identity.vault.hash(`case-progress|${value}`),
    },
  });
  return {
    repo,
    files,
    notifier,
    service,
    /** The notification worker: the process (or a test) starts it and must close it. */
    startWorker(workerOptions: NotificationOptions = {}) {
      return startCaseNotificationWorker({
        config: deps.config,
        logger: deps.logger,
        redis: deps.redis,
        apiBase: deps.wechat.apiBase,
        options: workerOptions,
        openIdOf: async (userId) => (await identity.users.findById(userId))?.wechatOpenId ?? undefined,
      });
    },
  };
}
export type Cases = ReturnType<typeof createCases>;

const instances = new WeakMap<object, Cases>();

/** The cases capability of one app (one set of deps): routes, other modules and tests share it. */
export function casesOf(deps: CasesDeps): Cases {
  let cases = instances.get(deps);
  if (!cases) {
    cases = createCases(deps);
    instances.set(deps, cases);
  }
  return cases;
}
