import type { AppDeps } from '../../app-deps';
import { AppError } from '../../http/app-error';
import type { Principal } from '../auth/access/principal';
import { identityOf } from '../auth/identity';
import { todayInChina } from '../calendar';
import { outboxOf } from '../notifications';
import type { ComplaintRecord } from './models/complaint.model';
import { createComplaintFileStore, createComplaintRepository } from './repositories/complaint.repository';
import { createSubjectRepository } from './repositories/subject.repository';
import { COMPLAINT_QUEUE } from './services/complaint-deadlines';
import { createDeskService } from './services/complaint-desk.service';
import { createFilingService } from './services/complaint-filing.service';
import { createFollowupService } from './services/complaint-followup.service';
import { createJobProcessor, senderFor, startComplaintWorker } from './services/complaint-jobs';
import { createQueryService } from './services/complaint-queries.service';
import { allowedActions, audienceOf } from './services/complaint-roles';
import { createStepper } from './services/complaint-step';
import { detailView, listItem } from './services/complaint-views';

export type ComplaintsDeps = Pick<AppDeps, 'config' | 'logger' | 'mongo' | 'redis' | 'wechat'>;

export interface ComplaintsOptions {
  now?: () => Date;
  templateId?: string;
}

const COLLECTION = 'complaints';

/** Wires the complaints capability over one app's stores. */
export function createComplaints(deps: ComplaintsDeps, options: ComplaintsOptions = {}) {
  const connection = deps.mongo.connection;
  const identity = identityOf(deps);
  const now = options.now ?? (() => new Date());
  const repo = createComplaintRepository(connection);
  const files = createComplaintFileStore(connection);
  const subjects = createSubjectRepository(connection);
  const outbox = outboxOf(deps);
  outbox.registerSource(COLLECTION);

  // Department names change rarely: read at most once a minute.
  let names: { at: number; map: Map<string, string> } | undefined;
  async function departmentNames() {
    if (!names || Date.now() - names.at > 60_000)
      names = { at: Date.now(), map: await subjects.departmentNames() };
    return names.map;
  }
  async function viewContext() {
    const map = await departmentNames();
    return { today: todayInChina(now()), departmentName: (code: string) => map.get(code) ?? code };
  }
  const view = async (p: Principal, c: ComplaintRecord) =>
    detailView(c, await viewContext(), audienceOf(p, c), allowedActions(p, c));
  const list = async (items: ComplaintRecord[]) => {
    const ctx = await viewContext();
    return items.map((c) => listItem(c, ctx));
  };
  async function load(id: string) {
    const c = await repo.findById(id);
    if (!c) throw new AppError('NOT_FOUND');
    return c;
  }

  const steps = createStepper({
    repo,
    relay: (id) => void outbox.relay(COLLECTION, id),
    closed: (c) => {
      for (const listener of closedListeners.get(deps) ?? [])
        listener(c).catch((err: unknown) => deps.logger.warn({ err }, 'complaint closed hook failed'));
    },
  });
  const filing = createFilingService({
    repo,
    files,
    subjects,
    now,
    nextSeq: async (date) => {
      const key = `${deps.redis.keyPrefix}complaints:seq:${date}`;
      const seq = await deps.redis.client.incr(key);
      if (seq === 1) await deps.redis.client.expire(key, 3 * 24 * 3600);
      return seq;
    },
    people: {
      async realName(userId) {
        const user = await identity.users.findById(userId);
        if (!user?.realNameAt || !user.name) return undefined;
        return {
          name: user.name,
          ...(user.phoneEnc ? { phoneEnc: user.phoneEnc } : {}),
          ...(user.phoneMasked ? { phoneMasked: user.phoneMasked } : {}),
        };
      },
      async enterpriseName(enterpriseId) {
        return (await identity.enterprises.findById(enterpriseId))?.name;
      },
    },
    view,
    list,
  });
  const desk = createDeskService({
    steps,
    now,
    load,
    departmentName: (code) => names?.map.get(code) ?? code,
    earlierAbout: (c, department) =>
      filing
        .earlierOf(c.filerId, { kind: c.subject.kind, label: '', department }, c.filedAt)
        .then((e) => (e && !e._id.equals(c._id) ? e : undefined)),
  });
  const followup = createFollowupService({
    steps,
    now,
    load,
    decryptPhone: (enc) => identity.vault.decrypt(enc),
  });
  const queries = createQueryService({ repo, now, list });
  const processJob = createJobProcessor({
    repo,
    steps,
    now,
    openIdOf: async (userId) => (await identity.users.findById(userId))?.wechatOpenId ?? undefined,
    send: senderFor({ apiBase: deps.wechat.apiBase, config: deps.config, redis: deps.redis }),
    templateId: options.templateId ?? 'complaint-status-changed',
    logger: deps.logger,
  });

  return {
    repo,
    files,
    filing,
    desk,
    followup,
    queries,
    view,
    load,
    processJob,
    departmentNames,
    queueName: COMPLAINT_QUEUE,
    /** The worker of the `complaints` queue: the process (or a test) starts it and must close it. */
    startWorker() {
      return startComplaintWorker({
        config: deps.config,
        logger: deps.logger,
        redis: deps.redis,
        apiBase: deps.wechat.apiBase,
        process: processJob,
      });
    },
  };
}
export type Complaints = ReturnType<typeof createComplaints>;

const instances = new WeakMap<object, Complaints>();
const closedListeners = new WeakMap<object, Set<(c: ComplaintRecord) => Promise<unknown>>>();

/**
 * Another module's hook when a complaint of this app closes (办结 / 无法联系), e.g. ratings' invitation.
 * Kept per app (survives tests replacing the instance); called after the write, never awaited.
 */
export function onComplaintClosed(deps: ComplaintsDeps, listener: (c: ComplaintRecord) => Promise<unknown>) {
  const set = closedListeners.get(deps) ?? new Set();
  set.add(listener);
  closedListeners.set(deps, set);
}

/** The complaints capability of one app (one set of deps); tests may replace it with options (a clock). */
export function complaintsOf(deps: ComplaintsDeps, options?: ComplaintsOptions): Complaints {
  let c = instances.get(deps);
  if (!c || options) {
    c = createComplaints(deps, options);
    instances.set(deps, c);
  }
  return c;
}
