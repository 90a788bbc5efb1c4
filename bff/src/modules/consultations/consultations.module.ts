import type { AppDeps } from '../../app-deps';
import { identityOf } from '../auth/identity';
import { closuresFrom, createHallClosureRepository } from '../calendar';
import { createCaseFileStore } from '../cases/repositories/case.repository';
import { createDepartmentRepository } from '../catalog/repositories/department.repository';
import { createServiceItemRepository } from '../catalog/repositories/service-item.repository';
import { outboxOf } from '../notifications';
import { createFaqService } from './faq/faq.service';
import { createConsultationRepository } from './repositories/consultation.repository';
import type { ConsultationRecord } from './models/consultation.model';
import { createFaqRepository } from './repositories/faq.repository';
import { createAskService } from './services/ask.service';
import { COLLECTION, type ConsultationContext } from './services/consultation-context';
import { startConsultationWorker } from './services/consultation-jobs';
import { createStaffService } from './services/staff.service';

export type ConsultationsDeps = Pick<AppDeps, 'config' | 'logger' | 'mongo' | 'redis' | 'wechat'>;

export interface ConsultationsOptions {
  /** The services' clock (tests move it; TEST_NOW moves Date itself). */
  now?: () => Date;
  faqTrustMs?: number;
}

/** Wires the consultations capability (and its FAQ) over one app's stores. */
export function createConsultations(deps: ConsultationsDeps, options: ConsultationsOptions = {}) {
  const connection = deps.mongo.connection;
  const identity = identityOf(deps);
  const items = createServiceItemRepository(connection);
  const departmentRepo = createDepartmentRepository(connection);
  const closures = createHallClosureRepository(connection);
  const outbox = outboxOf(deps);
  outbox.registerSource(COLLECTION);

  let departmentNames: { at: number; names: Map<string, string> } | undefined;
  async function departments(fresh = false) {
    if (!departmentNames || fresh || Date.now() - departmentNames.at > 60_000) {
      const list = await departmentRepo.list();
      departmentNames = { at: Date.now(), names: new Map(list.map((d) => [d.code, d.name])) };
    }
    return departmentNames.names;
  }

  const repo = createConsultationRepository(connection);
  const ctx: ConsultationContext = {
    repo,
    // Pictures live as case materials do (GridFS, ≤ 5 MB, type by magic bytes), in their own bucket.
    files: createCaseFileStore(connection, 'consultation_files'),
    redis: deps.redis,
    logger: deps.logger,
    outbox,
    now: options.now ?? (() => new Date()),
    items: {
      async findPublished(code) {
        const item = await items.findPublishedByCode(code);
        if (!item) return null;
        const hallCode = item.guide?.halls?.[0]?.hallCode;
        return {
          code: item.code,
          name: item.name,
          departmentCode: item.departmentCode,
          ...(hallCode ? { hallCode } : {}),
        };
      },
      async names(codes) {
        return new Map((await items.findByCodes(codes)).map((i) => [i.code, i.name]));
      },
    },
    departments: {
      async name(code) {
        if (!code) return '综合咨询窗口';
        return (await departments()).get(code) ?? (await departments(true)).get(code) ?? code;
      },
      async exists(code) {
        return (await departments()).has(code) || (await departments(true)).has(code);
      },
    },
    people: {
      async name(userId) {
        return (await identity.users.findById(userId))?.name ?? undefined;
      },
      activeEnterpriseIds: (userId) => identity.enterpriseService.activeEnterpriseIds(userId),
      async enterpriseName(id) {
        return (await identity.enterprises.findById(id))?.name;
      },
    },
    async closuresOf(hallCode, from) {
      if (!hallCode) return undefined;
      return closuresFrom(await closures.listInRange(hallCode, from, '9999-12-31'));
    },
    hooks: {
      answered(c) {
        for (const listener of answeredListeners.get(deps) ?? [])
          listener(c).catch((err: unknown) => deps.logger.warn({ err }, 'consultation answered hook failed'));
      },
    },
  };
  const ask = createAskService(ctx);
  const staff = createStaffService(ctx);
  const faqRepo = createFaqRepository(connection);
  const faq = createFaqService({
    repo: faqRepo,
    ctx,
    redis: deps.redis,
    ...(options.faqTrustMs !== undefined ? { trustMs: options.faqTrustMs } : {}),
  });

  return {
    ctx,
    repo,
    ask,
    staff,
    faq,
    faqRepo,
    departmentRepo,
    /** Who a consultation belongs to, for the route policy (asker, enterprise, departments, desk). */
    async ownership(id: string) {
      const c = await repo.ownershipById(id);
      if (!c) return undefined;
      return {
        userId: c.askerId,
        ...(c.enterpriseId ? { enterpriseId: c.enterpriseId } : {}),
        ...(c.department ? { department: c.department } : {}),
        ...(!c.department || c.viaDesk ? { duties: ['consultation_desk' as const] } : {}),
        departments: c.departments,
      };
    },
    async faqOwnership(id: string) {
      const r = await faqRepo.ownershipById(id);
      if (!r) return undefined;
      return { userId: r.createdBy, departments: r.departments };
    },
    /** The queue's worker (overdue marks, subscribe messages): the process (or a test) starts and closes it. */
    startWorker(templateId?: string) {
      return startConsultationWorker({
        ctx,
        staff,
        redis: deps.redis,
        redisUrl: deps.config.redis.url,
        logger: deps.logger,
        apiBase: deps.wechat.apiBase,
        wechat: { appId: deps.config.wechat.appId, secret: deps.config.wechat.secret },
        openIdOf: async (userId) => (await identity.users.findById(userId))?.wechatOpenId ?? undefined,
        ...(templateId ? { templateId } : {}),
      });
    },
  };
}
export type Consultations = ReturnType<typeof createConsultations>;

const instances = new WeakMap<object, Consultations>();
const answeredListeners = new WeakMap<object, Set<(c: ConsultationRecord) => Promise<unknown>>>();

/**
 * Another module's hook when a consultation of this app is answered (ratings' invitation). Kept per
 * app (survives tests replacing the instance); called after the write, never awaited.
 */
export function onConsultationAnswered(
  deps: ConsultationsDeps,
  listener: (c: ConsultationRecord) => Promise<unknown>,
) {
  const set = answeredListeners.get(deps) ?? new Set();
  set.add(listener);
  answeredListeners.set(deps, set);
}

/** The consultations capability of one app (one set of deps); tests may replace it with options (a clock). */
export function consultationsOf(deps: ConsultationsDeps, options?: ConsultationsOptions): Consultations {
  let c = instances.get(deps);
  if (!c || options) {
    c = createConsultations(deps, options);
    instances.set(deps, c);
  }
  return c;
}
