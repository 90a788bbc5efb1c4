import { timingSafeEqual } from 'node:crypto';
import { Types } from 'mongoose';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import {
  CASE_CLOCK_STATUSES,
  CASE_FILE_MAX_BYTES,
  CASE_FINAL_STATUSES,
  itemApplicantKind,
  maskName,
  type AcceptRequest,
  type CaseAction,
  type CaseDetail,
  type CaseListResponse,
  type CaseStatus,
  type ChooseDeliveryRequest,
  type CorrectionItem,
  type CreateCaseRequest,
  type DeliverRequest,
  type MyCasesQuery,
  type OverdueStatsResponse,
  type ProgressQueryRequest,
  type StaffCasesQuery,
  type TripSource,
  type UpdateTaskRequest,
} from '@app/shared';
import { AppError } from '../../../http/app-error';
import type { Logger } from '../../../infra/logger';
import type { RedisHandle } from '../../../infra/redis/connect-redis';
import type { Ownership, Principal } from '../../auth/access/principal';
import {
  addWorkingDays,
  processingWorkingDays,
  todayInChina,
  toChinaDate,
  type Closures,
} from '../../calendar';
import type { ServiceItemRecord } from '../../catalog/models/service-item.model';
import type { CaseEventRecord, CaseRecord, CaseTaskRecord, CaseTripRecord } from '../models/case.model';
import type { CaseFileStore, CaseRepository, CaseUpdate } from '../repositories/case.repository';
import { computeDueDate, dueFlags, isClockStatus } from './case-deadlines';
import { statusChangedEntry } from './case-notifications';
import { findTransition, TRANSITIONS, type CaseActorKind } from './case-state-machine';
import { audienceOf, detailView, fileView, publicView, summaryView, type NameOf } from './case-views';
import type { DepartmentNames } from './department-names';
import type { DetectedFile } from './file-type';

/** What the cases service needs from the people side (identity module), as plain functions. */
export interface CasePeople {
  /** Real name and ID number of a person (decrypted), when they completed real-name verification. */
  realName(userId: string): Promise<{ name: string; idNumber?: string } | undefined>;
  /** Staff name for the timeline. */
  staffName(userId: string): Promise<string | undefined>;
  activeEnterpriseIds(userId: string): Promise<string[]>;
  enterprise(enterpriseId: string): Promise<{ name: string; creditCode: string } | undefined>;
  /** Keyed hash (HMAC) for the public query's answers. */
  hash(value: string): string;
}

export interface CaseServiceDeps {
  repo: CaseRepository;
  files: CaseFileStore;
  findPublishedItem: (code: string) => Promise<ServiceItemRecord | null>;
  people: CasePeople;
  /** Relays a case's outbox entries right after the write (notifications' outbox; never throws). */
  relay: (caseId: Types.ObjectId) => Promise<unknown>;
  redis: RedisHandle;
  logger: Logger;
  now?: () => Date;
  progressLimits?: { perIpPerMinute: number; perCasePerHour: number };
  /**
   * Closures (闭厅) a hall declared from `from` on (the calendar module's); the case's due date skips
   * those of the hall the case is handled at. Omitted: only the statutory calendar counts.
   */
  closuresOf?: (hallCode: string, from: string) => Promise<Closures>;
  /** Department names for the views; omitted: codes are shown as they are. */
  departmentNames?: DepartmentNames;
  /** Told after every recorded status change (other modules' hooks, e.g. the rating invitation); never awaited. */
  onChanged?: (c: CaseRecord) => void;
}

export interface StaffActor {
  userId: string;
  role: Principal['role'];
  department?: string;
  halls: string[];
}

const ACTIVE_FOR_UPLOAD: readonly CaseStatus[] = ['submitted', 'needs_correction', 'correction_paused'];
/** 容缺后补: a waived material may be supplied after 受理, until 办结. */
const OWED_UPLOAD: readonly CaseStatus[] = [...ACTIVE_FOR_UPLOAD, 'prereviewed', 'accepted', 'in_progress'];
const TASK_STATUSES_OPEN: readonly CaseStatus[] = ['accepted', 'in_progress', 'correction_paused'];
/**
 * A case an appointment check-in counts a trip for: everything from 申报 up to (not including) 办结 —
 * 已申报, 需补正, 预审通过, 已受理, 办理中, 补正暂停. Not 办结 / 已出件 / 撤回 / 不予受理: those are over.
 */
const OPEN_FOR_VISIT: readonly CaseStatus[] = [
  'submitted',
  'needs_correction',
  'prereviewed',
  'accepted',
  'in_progress',
  'correction_paused',
];
const MAX_FILES_PER_MATERIAL = 10;
const RETRIES = 3;

function normalizeName(name: string): string {
  return name.replace(/\s+/g, '').trim();
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

export function createCaseService(deps: CaseServiceDeps) {
  const { repo, files, people, redis, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const today = () => todayInChina(now());
  const limits = deps.progressLimits ?? { perIpPerMinute: 10, perCasePerHour: 20 };
  const progressIp = new RateLimiterRedis({
    storeClient: redis.client,
    keyPrefix: `${redis.keyPrefix}rl:case-progress-ip`,
    points: limits.perIpPerMinute,
    duration: 60,
    rejectIfRedisNotReady: true,
  });
  const progressCase = new RateLimiterRedis({
    storeClient: redis.client,
    keyPrefix: `${redis.keyPrefix}rl:case-progress-number`,
    points: limits.perCasePerHour,
    duration: 3600,
    rejectIfRedisNotReady: true,
  });
  // Compared against when the case number does not exist, so both paths cost the same.
  const dummyHash = people.hash('no-such-case');

  /** The closures of the hall the case is handled at (the item's first hall), from `from` on. */
  async function closuresFor(c: Pick<CaseRecord, 'halls'>, from: string): Promise<Closures | undefined> {
    const hall = c.halls?.[0];
    return hall && deps.closuresOf ? deps.closuresOf(hall, from) : undefined;
  }

  const nameOf = async (): Promise<NameOf> =>
    deps.departmentNames ? deps.departmentNames.lookup() : (code: string) => code;

  // ---------- who is who ----------

  /**
   * A personal case: its applicant. An enterprise's case: the enterprise's active members (whoever
   * filed it), so a member who left or was removed stops reaching it at once.
   */
  function isApplicant(p: StaffActor & { enterprises?: string[] }, c: CaseRecord): boolean {
    if (c.enterpriseId !== undefined) return (p.enterprises ?? []).includes(c.enterpriseId);
    return c.applicantId === p.userId;
  }
  function isLead(p: StaffActor, c: Pick<CaseRecord, 'department'>): boolean {
    return p.role === 'staff' && p.department === c.department;
  }
  function isCounter(p: StaffActor, c: Pick<CaseRecord, 'department' | 'halls'>): boolean {
    return isLead(p, c) || (p.role === 'staff' && c.halls.some((h) => p.halls.includes(h)));
  }
  function plays(p: Principal, c: CaseRecord, who: CaseActorKind): boolean {
    if (who === 'applicant') return isApplicant(p, c);
    if (who === 'lead') return isLead(p, c);
    return isCounter(p, c);
  }

  async function actorOf(p: StaffActor): Promise<CaseEventRecord['actor']> {
    const isStaff = p.role === 'staff' || p.role === 'supervisor' || p.role === 'admin';
    const name = isStaff ? await people.staffName(p.userId) : undefined;
    return {
      userId: p.userId,
      role: p.role,
      ...(p.department ? { department: p.department } : {}),
      ...(name ? { name } : {}),
    };
  }

  async function load(id: string): Promise<CaseRecord> {
    const found = await repo.findById(id);
    if (!found) throw new AppError('NOT_FOUND');
    return found;
  }

  function conflict(c: CaseRecord, action: string): AppError {
    return new AppError('CONFLICT', `办件当前状态（${c.status}）不允许「${action}」`, {
      status: c.status,
      action,
    });
  }

  // ---------- numbers ----------

  async function nextNumber(day: string): Promise<string> {
    const key = `${redis.keyPrefix}cases:seq:${day}`;
    try {
      const [[, n]] = (await redis.client
        .multi()
        .incr(key)
        .expire(key, 3 * 86400)
        .exec()) as [[unknown, number]];
      return `JX-${day}-${String(n).padStart(6, '0')}`;
    } catch {
      throw new AppError('SERVICE_UNAVAILABLE');
    }
  }

  /** After a collision (the counter lost its state) the counter jumps past the highest stored number. */
  async function resyncCounter(day: string): Promise<void> {
    const prefix = `JX-${day}-`;
    const max = await repo.maxNumberWithPrefix(prefix);
    if (!max) return;
    await redis.client.eval(
      "local v = tonumber(redis.call('GET', KEYS[1]) or '0') if v < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1], 'EX', 259200) end return 1",
      1,
      `${redis.keyPrefix}cases:seq:${day}`,
      String(Number(max.slice(prefix.length))),
    );
  }

  // ---------- the one path for state changes ----------

  interface Change {
    note?: string;
    update?: CaseUpdate;
    extra?: Record<string, unknown>;
  }

  /**
   * Applies `action` to the case: finds the transition row (409 when there is none), checks the caller
   * plays the row's part (403), then ONE conditional update on (status, version). When someone else
   * changed the case in between, the update matches nothing: 409 CONFLICT, nothing changed.
   */
  async function transition(
    p: Principal,
    id: string,
    action: CaseAction,
    build: (c: CaseRecord, day: string) => Change | Promise<Change>,
  ): Promise<{ before: CaseRecord; after: CaseRecord }> {
    const c = await load(id);
    const row = findTransition(c.status, action);
    if (!row) throw conflict(c, action);
    if (!plays(p, c, row.who)) {
      throw new AppError(row.who === 'applicant' ? 'FORBIDDEN' : 'CASE_NOT_YOUR_DEPARTMENT');
    }
    const at = now();
    const day = todayInChina(at);
    const change = await build(c, day);
    const event: CaseEventRecord = {
      at,
      kind: action,
      from: c.status,
      to: row.to,
      actor: await actorOf(p),
      ...(change.note ? { note: change.note } : {}),
    };
    const after = await repo.applyIf(
      c._id,
      { status: c.status, version: c.version, extra: change.extra },
      {
        ...change.update,
        $set: { ...(change.update?.$set ?? {}), status: row.to },
        $push: {
          ...(change.update?.$push ?? {}),
          timeline: event,
          // The applicant's message is recorded with the change itself (withdrawing tells nobody).
          ...(action !== 'withdraw' ? { outbox: { $each: [statusChangedEntry(c, row.to, at)] } } : {}),
        },
      },
    );
    if (!after) {
      const current = await repo.findById(id);
      if (!current) throw new AppError('NOT_FOUND');
      throw new AppError('CONFLICT', '办件已被他人处理，请刷新后重试', { status: current.status, action });
    }
    if (action !== 'withdraw') await deps.relay(after._id);
    deps.onChanged?.(after);
    return { before: c, after };
  }

  /** Small non-status changes (uploads, trips, tasks): retried on a version race, never lost. */
  async function amend(
    id: string,
    build: (c: CaseRecord) => { update: CaseUpdate; allowed: readonly CaseStatus[] },
  ): Promise<CaseRecord> {
    for (let attempt = 0; attempt < RETRIES; attempt++) {
      const c = await load(id);
      const { update, allowed } = build(c);
      if (!allowed.includes(c.status)) throw conflict(c, 'amend');
      const after = await repo.applyIf(c._id, { status: c.status, version: c.version }, update);
      if (after) return after;
    }
    throw new AppError('CONFLICT', '办件正在被他人处理，请稍后重试');
  }

  function correctionStates(c: CaseRecord, items: CorrectionItem[]): Record<string, unknown> {
    const set: Record<string, unknown> = { corrections: items };
    for (const item of items) {
      if (item.index !== undefined && item.index < c.materials.length)
        set[`materials.${item.index}.state`] = 'missing';
    }
    return set;
  }

  function allowedActionsFor(p: Principal, c: CaseRecord): string[] {
    const actions: string[] = TRANSITIONS.filter((t) => t.from === c.status && plays(p, c, t.who)).map(
      (t) => t.action,
    );
    // 登记到场 (POST …/trips): offered only to whom the route and recordTrip accept — staff at the
    // counter of this case (lead department or one of its halls) — never to a supervisor, who is refused.
    if (c.status !== 'withdrawn' && isCounter(p, c)) actions.push('trip');
    return actions;
  }

  function principalAsStaff(p: Principal): StaffActor & { enterprises: string[] } {
    return {
      userId: p.userId,
      role: p.role,
      department: p.department,
      halls: p.halls,
      enterprises: p.enterprises,
    };
  }

  const service = {
    // ---------- access ----------

    async ownership(id: string): Promise<Ownership | undefined> {
      const c = await repo.ownershipById(id);
      if (!c) return undefined;
      return {
        // An enterprise's case belongs to the enterprise (its current members), not to who filed it.
        ...(c.enterpriseId ? { enterpriseId: c.enterpriseId } : { userId: c.applicantId }),
        department: c.department,
        halls: c.halls ?? [],
      };
    },

    /**
     * The one rule for a case's documents (uploaded materials): the applicant, the members of the
     * enterprise it was filed for, staff of its department and of its parallel-task departments
     * (supervisors by their role). Hall staff of other departments do not reach them.
     */
    async documentOwnership(id: string): Promise<Ownership | undefined> {
      const c = await repo.documentOwnershipById(id);
      if (!c) return undefined;
      return {
        userId: c.applicantId,
        ...(c.enterpriseId ? { enterpriseId: c.enterpriseId } : {}),
        department: c.department,
        departments: [...new Set((c.tasks ?? []).map((t) => t.department))],
      };
    },

    async taskOwnership(taskId: string): Promise<Ownership | undefined> {
      const t = await repo.taskOwnership(taskId);
      return t ? { department: t.department } : undefined;
    },

    // ---------- applicant ----------

    async apply(p: Principal, body: CreateCaseRequest): Promise<CaseDetail> {
      const item = await deps.findPublishedItem(body.itemCode);
      if (!item)
        throw new AppError('CASE_ITEM_NOT_AVAILABLE', undefined, {
          fields: [{ path: 'body.itemCode', message: '该事项不存在或未公布' }],
        });
      if (body.onBehalfOf && !(await people.activeEnterpriseIds(p.userId)).includes(body.onBehalfOf)) {
        throw new AppError('CASE_NOT_ENTERPRISE_MEMBER');
      }
      // 申报主体: an item only organisations may apply for is refused to a person applying for themselves.
      if (
        !body.onBehalfOf &&
        itemApplicantKind({ name: item.name, conditions: item.guide.conditions }) === 'organisation'
      )
        throw new AppError('CASE_ORGANISATION_ONLY', undefined, {
          fields: [{ path: 'body.onBehalfOf', message: '该事项仅限企业等组织申报，请选择申报企业' }],
        });
      const person = await people.realName(p.userId);
      if (!person) throw new AppError('CASE_REAL_NAME_REQUIRED');
      const at = now();
      const day = toChinaDate(at).replace(/-/g, '');
      const enterprise = body.onBehalfOf ? await people.enterprise(body.onBehalfOf) : undefined;
      const enterpriseName = enterprise?.name;
      for (let attempt = 0; attempt < 5; attempt++) {
        const number = await nextNumber(day);
        const _id = new Types.ObjectId();
        const names = [person.name, ...(enterpriseName ? [enterpriseName] : [])];
        const inserted = await repo.insert({
          _id,
          number,
          itemCode: item.code,
          itemName: item.name,
          department: item.departmentCode,
          halls: item.guide.halls.map((h) => h.hallCode),
          maxTrips: item.maxTrips,
          promisedLimitDays: item.guide.promisedLimitDays,
          applicantId: p.userId,
          applicantNameMasked: maskName(person.name),
          ...(body.onBehalfOf ? { enterpriseId: body.onBehalfOf } : {}),
          ...(enterprise
            ? { enterpriseName: enterprise.name, enterpriseCreditCode: enterprise.creditCode }
            : {}),
          verify: {
            nameHashes: names.map((n) => people.hash(`${number}|name|${normalizeName(n)}`)),
            ...(person.idNumber
              ? { idLast4Hash: people.hash(`${number}|id4|${person.idNumber.slice(-4).toUpperCase()}`) }
              : {}),
          },
          status: 'submitted',
          version: 0,
          formFields: body.formFields ?? {},
          materials: item.guide.materials.map((m) => ({
            name: m.name,
            requirement: m.requirement,
            state:
              m.requirement === 'shared' ? 'shared' : m.requirement === 'cancelled' ? 'cancelled' : 'missing',
            files: [],
          })),
          corrections: [],
          tasks: [],
          trips: [],
          pauses: [],
          timeline: [{ at, kind: 'apply', to: 'submitted', actor: await actorOf(p) }],
          submittedAt: at,
          outbox: [
            statusChangedEntry({ _id, number, itemName: item.name, applicantId: p.userId }, 'submitted', at),
          ],
        });
        if (inserted !== 'duplicate') {
          await deps.relay(inserted._id);
          return detailView(inserted, today(), 'applicant', allowedActionsFor(p, inserted), await nameOf());
        }
        logger.warn({ number }, 'case number already taken: resynchronising the day counter');
        await resyncCounter(day);
      }
      throw new AppError('SERVICE_UNAVAILABLE');
    },

    async listMine(p: Principal, q: MyCasesQuery): Promise<CaseListResponse> {
      const enterprises = p.role === 'enterprise' ? p.enterprises : [];
      // Personal cases (本人) and the cases of the enterprises one is an active member of.
      const personal = { applicantId: p.userId, enterpriseId: { $exists: false } };
      let filter: Record<string, unknown>;
      if (q.party === 'self') filter = personal;
      else if (q.party) filter = { enterpriseId: enterprises.includes(q.party) ? q.party : '-' };
      else
        filter =
          enterprises.length > 0 ? { $or: [personal, { enterpriseId: { $in: enterprises } }] } : personal;
      if (q.status) filter.status = q.status;
      const { items, total } = await repo.list(filter, {
        sort: { submittedAt: -1 },
        skip: (q.page - 1) * q.pageSize,
        limit: q.pageSize,
      });
      const d = today();
      const names = await nameOf();
      return { items: items.map((c) => summaryView(c, d, names)), total, page: q.page, pageSize: q.pageSize };
    },

    /**
     * `GET /api/enterprises/:id/cases`: every case filed for the enterprise (by any member), overdue
     * first, then due soon, then newest. An enterprise's cases are few enough to order in memory.
     */
    async listForEnterprise(enterpriseId: string, q: MyCasesQuery): Promise<CaseListResponse> {
      const filter: Record<string, unknown> = { enterpriseId };
      if (q.status) filter.status = q.status;
      const { items } = await repo.list(filter, { sort: { submittedAt: -1 }, skip: 0, limit: 1000 });
      const d = today();
      const names = await nameOf();
      const rank = (v: { overdue: boolean; dueSoon: boolean }) => (v.overdue ? 0 : v.dueSoon ? 1 : 2);
      const views = items
        .map((c) => summaryView(c, d, names))
        .sort((a, b) => rank(a) - rank(b) || b.submittedAt.localeCompare(a.submittedAt));
      const start = (q.page - 1) * q.pageSize;
      return {
        items: views.slice(start, start + q.pageSize),
        total: views.length,
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    /** The caller's view of a case (what the routes answer after a change). */
    async viewFor(p: Principal, c: CaseRecord): Promise<CaseDetail> {
      return detailView(c, today(), audienceOf(p.role), allowedActionsFor(p, c), await nameOf());
    },

    async detail(p: Principal, id: string): Promise<CaseDetail> {
      const c = await load(id);
      return detailView(c, today(), audienceOf(p.role), allowedActionsFor(p, c), await nameOf());
    },

    /** The applicant's full name and ID number's last 4, for the window to verify the person. */
    async applicantIdentity(id: string): Promise<{ number: string; name: string; idNumberLast4?: string }> {
      const c = await load(id);
      const person = await people.realName(c.applicantId);
      if (!person) throw new AppError('NOT_FOUND', '申请人尚未实名认证，无实名信息可核对');
      return {
        number: c.number,
        name: person.name,
        ...(person.idNumber ? { idNumberLast4: person.idNumber.slice(-4) } : {}),
      };
    },

    async detailByTask(p: Principal, taskId: string): Promise<CaseDetail> {
      const c = await repo.findByTaskId(taskId);
      if (!c) throw new AppError('NOT_FOUND');
      return detailView(c, today(), 'staff', allowedActionsFor(p, c), await nameOf());
    },

    withdraw: (p: Principal, id: string, reason?: string) =>
      transition(p, id, 'withdraw', () => ({ note: reason })),

    resubmit: (p: Principal, id: string, note?: string) =>
      transition(p, id, 'resubmit', async (c, day) => {
        if (c.status === 'correction_paused' && c.openPauseFrom) {
          const pauses = [...c.pauses, { from: c.openPauseFrom, to: day }];
          const closures = c.acceptedDate ? await closuresFor(c, c.acceptedDate) : undefined;
          const due = computeDueDate({
            promisedLimitDays: c.promisedLimitDays,
            acceptedDate: c.acceptedDate,
            pauses,
            ...(closures ? { closures } : {}),
          });
          return {
            note,
            update: {
              $set: { corrections: [], ...(due.dueDate ? { dueDate: due.dueDate } : {}) },
              $unset: { openPauseFrom: '' },
              $push: { pauses: { from: c.openPauseFrom, to: day } },
            },
          };
        }
        return { note, update: { $set: { corrections: [] } } };
      }),

    async uploadMaterial(p: Principal, id: string, index: number, file: DetectedFile) {
      const before = await load(id);
      if (!isApplicant(principalAsStaff(p), before)) throw new AppError('FORBIDDEN');
      const material = before.materials[index];
      if (!material) {
        throw new AppError('VALIDATION_FAILED', undefined, {
          fields: [{ path: 'body.index', message: '没有这项材料' }],
        });
      }
      if (material.requirement === 'shared' || material.requirement === 'cancelled') {
        throw new AppError('CONFLICT', '该材料无需提交');
      }
      // 容缺后补: a waived material may still be supplied after 受理, until 办结.
      const owed = material.state === 'waived';
      const allowed = owed ? OWED_UPLOAD : ACTIVE_FOR_UPLOAD;
      if (!allowed.includes(before.status)) throw conflict(before, 'upload');
      if (material.files.length >= MAX_FILES_PER_MATERIAL)
        throw new AppError('CONFLICT', `每项材料最多 ${MAX_FILES_PER_MATERIAL} 个文件`);
      if (file.data.length > CASE_FILE_MAX_BYTES) throw new AppError('CASE_FILE_TOO_LARGE');
      const fileId = await files.put(file.data, {
        filename: file.filename,
        contentType: file.contentType,
        caseId: id,
      });
      const record = {
        fileId,
        filename: file.filename,
        contentType: file.contentType,
        size: file.data.length,
        uploadedAt: now(),
      };
      try {
        const actor = await actorOf(p);
        const after = await amend(id, () => ({
          allowed,
          update: {
            $set: { [`materials.${index}.state`]: 'uploaded' },
            $push: {
              [`materials.${index}.files`]: record,
              // Staff read it on the case's timeline (and the case's owed list shrinks).
              timeline: {
                at: record.uploadedAt,
                kind: 'material_uploaded',
                actor,
                note: owed ? `容缺后补：${material.name}` : material.name,
              },
            },
          },
        }));
        const m = after.materials[index];
        return {
          before,
          after,
          view: {
            material: {
              index,
              name: m.name,
              requirement: m.requirement,
              state: m.state,
              stateLabel: '已上传',
              files: m.files.map((f) => fileView(id, f)),
            },
            file: fileView(id, record),
          },
        };
      } catch (err) {
        await files.remove(fileId);
        throw err;
      }
    },

    async waiveMaterial(p: Principal, id: string, index: number) {
      const actor = await actorOf(p);
      const after = await amend(id, (c) => {
        if (!isApplicant(principalAsStaff(p), c)) throw new AppError('FORBIDDEN');
        const m = c.materials[index];
        if (!m)
          throw new AppError('VALIDATION_FAILED', undefined, {
            fields: [{ path: 'body.index', message: '没有这项材料' }],
          });
        if (m.requirement !== 'waivable') throw new AppError('CASE_MATERIAL_NOT_WAIVABLE');
        return {
          allowed: ACTIVE_FOR_UPLOAD,
          update: {
            $set: { [`materials.${index}.state`]: 'waived' },
            $push: { timeline: { at: now(), kind: 'material_waived', actor, note: m.name } },
          },
        };
      });
      return detailView(after, today(), 'applicant', allowedActionsFor(p, after), await nameOf());
    },

    async chooseDelivery(p: Principal, id: string, body: ChooseDeliveryRequest) {
      const actor = await actorOf(p);
      const after = await amend(id, (c) => {
        if (!isApplicant(principalAsStaff(p), c)) throw new AppError('FORBIDDEN');
        return {
          allowed: [
            'submitted',
            'needs_correction',
            'prereviewed',
            'accepted',
            'in_progress',
            'correction_paused',
            'completed',
          ],
          update: {
            $set: {
              delivery: { method: body.method, ...(body.method === 'post' ? { address: body.address } : {}) },
            },
            $push: {
              timeline: {
                at: now(),
                kind: 'delivery_chosen',
                actor,
                note: body.method === 'post' ? '邮寄送达' : '窗口领取',
              },
            },
          },
        };
      });
      return detailView(after, today(), 'applicant', allowedActionsFor(p, after), await nameOf());
    },

    // ---------- staff ----------

    prereview: (
      p: Principal,
      id: string,
      body:
        | { result: 'pass'; note?: string }
        | { result: 'needs_correction'; items: CorrectionItem[]; note?: string },
    ) =>
      body.result === 'pass'
        ? transition(p, id, 'prereview_pass', () => ({ note: body.note }))
        : transition(p, id, 'request_correction', (c) => ({
            note: body.note ?? body.items.map((i) => `${i.name}：${i.reason}`).join('；'),
            update: { $set: correctionStates(c, body.items) },
          })),

    /** 办理中补正: the clock stops from today until the applicant resubmits. */
    requestCorrection: (p: Principal, id: string, items: CorrectionItem[], note?: string) =>
      transition(p, id, 'request_correction', (c, day) => ({
        note: note ?? items.map((i) => `${i.name}：${i.reason}`).join('；'),
        update: {
          $set: {
            ...correctionStates(c, items),
            ...(c.status === 'in_progress' ? { openPauseFrom: day } : {}),
          },
          ...(c.status === 'in_progress' ? { $unset: { dueDate: '' as const } } : {}),
        },
      })),

    accept: (p: Principal, id: string, body: AcceptRequest) =>
      transition(p, id, 'accept', async (c, day) => {
        const configured = (await repo.itemSettings(c.itemCode))?.coDepartments ?? [];
        const wanted = new Map<string, number | undefined>();
        for (const t of [...configured, ...(body.coDepartments ?? [])]) {
          if (t.department !== c.department)
            wanted.set(t.department, t.limitDays ?? wanted.get(t.department));
        }
        const tasks: CaseTaskRecord[] = Array.from(wanted, ([department, limitDays]) => {
          const days = Math.max(1, limitDays ?? c.promisedLimitDays);
          return {
            _id: new Types.ObjectId(),
            department,
            status: 'pending',
            limitDays: days,
            dueDate: addWorkingDays(day, days),
          };
        });
        const closures = await closuresFor(c, day);
        const due = computeDueDate({
          promisedLimitDays: c.promisedLimitDays,
          acceptedDate: day,
          pauses: [],
          ...(closures ? { closures } : {}),
        });
        const names = await nameOf();
        const note = [
          body.note,
          tasks.length > 0 ? `并联部门：${tasks.map((t) => names(t.department)).join('、')}` : undefined,
        ]
          .filter(Boolean)
          .join('；');
        return {
          note: note || undefined,
          update: { $set: { acceptedDate: day, dueDate: due.dueDate, tasks } },
        };
      }),

    reject: (p: Principal, id: string, legalReason: string, note?: string) =>
      transition(p, id, 'reject', () => ({
        note: note ? `${legalReason}；${note}` : legalReason,
        update: { $set: { rejectionReason: legalReason } },
      })),

    start: (p: Principal, id: string, note?: string) => transition(p, id, 'start', () => ({ note })),

    complete: (p: Principal, id: string, outcome: 'approved' | 'refused', note?: string) =>
      transition(p, id, 'complete', async (c, day) => {
        const open = c.tasks.filter((t) => t.status !== 'done');
        if (open.length > 0) {
          const names = await nameOf();
          throw new AppError(
            'CASE_TASKS_OPEN',
            `还有并联部门未办结：${open.map((t) => names(t.department)).join('、')}`,
            {
              stillWorking: open.map((t) => t.department),
            },
          );
        }
        return {
          note: [outcome === 'approved' ? '准予许可' : '不予许可', note].filter(Boolean).join('；'),
          // closedDate: the day the 督查 figures count the case as closed (on time against dueDate);
          // processingDays: its processing time in working days, as the figures count it.
          update: {
            $set: {
              outcome,
              closedDate: day,
              ...(c.acceptedDate
                ? { processingDays: processingWorkingDays(c.acceptedDate, day, c.pauses ?? []) }
                : {}),
            },
          },
        };
      }),

    deliver: (p: Principal, id: string, body: DeliverRequest) =>
      transition(p, id, 'deliver', (c) => ({
        note:
          body.method === 'post'
            ? `邮寄 ${body.carrier ?? ''} ${body.trackingNumber}`.replace(/\s+/g, ' ')
            : (body.note ?? '窗口领取'),
        update: {
          $set: {
            delivery: {
              method: body.method,
              ...(c.delivery?.address ? { address: c.delivery.address } : {}),
              ...(body.method === 'post'
                ? { trackingNumber: body.trackingNumber, ...(body.carrier ? { carrier: body.carrier } : {}) }
                : {}),
              deliveredAt: now(),
            },
          },
        },
      })),

    async updateTask(p: Principal, taskId: string, body: UpdateTaskRequest) {
      const first = await repo.findByTaskId(taskId);
      if (!first) throw new AppError('NOT_FOUND');
      const id = String(first._id);
      const actor = await actorOf(p);
      let before: CaseRecord | undefined;
      const after = await amend(id, (c) => {
        before = c;
        const index = c.tasks.findIndex((t) => String(t._id) === taskId);
        const task = c.tasks[index];
        if (!task) throw new AppError('CASE_TASK_NOT_FOUND');
        if (p.role !== 'staff' || p.department !== task.department)
          throw new AppError('CASE_NOT_YOUR_DEPARTMENT');
        if (task.status === 'done') throw new AppError('CONFLICT', '该并联任务已办结');
        if (!TASK_STATUSES_OPEN.includes(c.status)) throw conflict(c, 'task');
        const at = now();
        return {
          allowed: TASK_STATUSES_OPEN,
          update: {
            $set: {
              [`tasks.${index}.status`]: body.status,
              [`tasks.${index}.updatedAt`]: at,
              ...(body.status === 'done' ? { [`tasks.${index}.outcome`]: body.outcome } : {}),
            },
            $push: {
              timeline: {
                at,
                kind: 'task_updated',
                actor,
                taskDepartment: task.department,
                note: [
                  body.status === 'done'
                    ? `办结（${body.outcome === 'approved' ? '同意' : '不同意'}）`
                    : '开始办理',
                  body.note,
                ]
                  .filter(Boolean)
                  .join('；'),
              },
            },
          },
        };
      });
      return { before: before!, after };
    },

    /**
     * A visit in person (跑动): by staff at the window, or from an appointment check-in
     * (`source: 'appointment'`, idempotent per appointmentId). The reform's own measure.
     */
    async recordTrip(
      caseId: string,
      input: {
        source: TripSource;
        hallCode?: string;
        appointmentId?: string;
        note?: string;
        actor?: StaffActor;
      },
    ): Promise<CaseRecord> {
      const actor: CaseEventRecord['actor'] = input.actor ? await actorOf(input.actor) : { role: 'system' };
      return amend(caseId, (c) => {
        if (input.actor && !isCounter(input.actor, c)) throw new AppError('CASE_NOT_YOUR_DEPARTMENT');
        if (input.appointmentId && c.trips.some((t) => t.appointmentId === input.appointmentId)) {
          return { allowed: [c.status], update: {} };
        }
        const at = now();
        const hallCode = input.hallCode ?? input.actor?.halls.find((h) => c.halls.includes(h));
        const trip: CaseTripRecord = {
          at,
          source: input.source,
          ...(hallCode ? { hallCode } : {}),
          ...(input.actor ? { staffId: input.actor.userId } : {}),
          ...(input.appointmentId ? { appointmentId: input.appointmentId } : {}),
          ...(input.note ? { note: input.note } : {}),
        };
        return {
          allowed: [
            'submitted',
            'needs_correction',
            'prereviewed',
            'accepted',
            'rejected',
            'in_progress',
            'correction_paused',
            'completed',
            'delivered',
          ],
          update: {
            $push: {
              trips: trip,
              timeline: {
                at,
                kind: 'trip',
                actor,
                note: input.source === 'appointment' ? '预约到厅签到' : (input.note ?? '窗口办理'),
              },
            },
          },
        };
      });
    },

    /**
     * An appointment check-in (到厅签到) counts as a trip on the person's open case of the same item
     * (the newest one, if several); idempotent per appointment. Answers the case id, or undefined
     * when the person has no open case of the item (nothing is recorded).
     */
    async recordAppointmentTrip(input: {
      personId: string;
      itemCode: string;
      appointmentId: string;
      hallCode?: string;
    }): Promise<string | undefined> {
      const [open] = await repo.openOfApplicant(input.personId, input.itemCode, OPEN_FOR_VISIT);
      if (!open) return undefined;
      const caseId = open._id.toString();
      await service.recordTrip(caseId, {
        source: 'appointment',
        appointmentId: input.appointmentId,
        ...(input.hallCode ? { hallCode: input.hallCode } : {}),
      });
      return caseId;
    },

    async staffQueue(p: Principal, q: StaffCasesQuery): Promise<CaseListResponse> {
      const everything = p.role === 'supervisor' || p.role === 'admin';
      const mine = everything ? {} : { department: p.department ?? '-' };
      let filter: Record<string, unknown>;
      switch (q.queue) {
        case 'prereview':
          filter = { ...mine, status: { $in: ['submitted', 'prereviewed'] } };
          break;
        case 'working':
          filter = { ...mine, status: { $in: [...CASE_CLOCK_STATUSES] } };
          break;
        case 'tasks':
          filter = {
            status: { $in: [...TASK_STATUSES_OPEN] },
            tasks: {
              $elemMatch: {
                ...(everything ? {} : { department: p.department ?? '-' }),
                status: { $ne: 'done' },
              },
            },
          };
          break;
        case 'delivery':
          filter = {
            status: 'completed',
            ...(everything
              ? {}
              : { $or: [{ department: p.department ?? '-' }, { halls: { $in: p.halls } }] }),
          };
          break;
      }
      const sort: Record<string, 1 | -1> =
        q.sort === 'deadline' ? { dueDate: 1, submittedAt: 1 } : { submittedAt: 1 };
      const { items, total } = await repo.list(filter, {
        sort,
        skip: (q.page - 1) * q.pageSize,
        limit: q.pageSize,
      });
      const d = today();
      const names = await nameOf();
      const views = items.map((c) => {
        const view = summaryView(c, d, names);
        if (q.queue !== 'tasks' || p.role !== 'staff') return view;
        // The caller's own tasks: what the task view (`/api/staff/case-tasks/:taskId`) opens.
        const myTaskIds = c.tasks
          .filter((t) => t.department === p.department && t.status !== 'done')
          .map((t) => String(t._id));
        return myTaskIds.length ? { ...view, myTaskIds } : view;
      });
      if (q.sort === 'deadline') {
        // Cases without a due date (before 受理, or paused) after those with one.
        views.sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'));
      }
      return { items: views, total, page: q.page, pageSize: q.pageSize };
    },

    async overdueStats(): Promise<OverdueStatsResponse> {
      const d = today();
      const rows = new Map<
        string,
        { department: string; active: number; overdue: number; dueSoon: number; overdueTasks: number }
      >();
      const row = (department: string) => {
        let r = rows.get(department);
        if (!r)
          rows.set(department, (r = { department, active: 0, overdue: 0, dueSoon: 0, overdueTasks: 0 }));
        return r;
      };
      const total = { active: 0, overdue: 0, dueSoon: 0 };
      for (const c of await repo.activeForStats(CASE_CLOCK_STATUSES)) {
        const r = row(c.department);
        const flags = dueFlags(c.dueDate, isClockStatus(c.status), d, c.promisedLimitDays);
        r.active++;
        total.active++;
        if (flags.overdue) {
          r.overdue++;
          total.overdue++;
        }
        if (flags.dueSoon) {
          r.dueSoon++;
          total.dueSoon++;
        }
        for (const t of c.tasks ?? []) {
          if (t.status !== 'done' && d > t.dueDate) row(t.department).overdueTasks++;
        }
      }
      const departments = [...rows.values()].sort(
        (a, b) =>
          b.overdue - a.overdue ||
          b.overdueTasks - a.overdueTasks ||
          a.department.localeCompare(b.department),
      );
      return { asOf: d, total, departments };
    },

    // ---------- public ----------

    /**
     * 查询进度 without login. A wrong answer and an unknown number take the same path (one look-up,
     * one keyed hash, one comparison) and answer the same error, so guessing reveals nothing.
     */
    async progress(ip: string, body: ProgressQueryRequest) {
      try {
        await progressIp.consume(ip);
        await progressCase.consume(body.caseNumber);
      } catch (res) {
        if (res instanceof RateLimiterRes) {
          throw new AppError('RATE_LIMITED', undefined, {
            retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
          });
        }
        throw new AppError('SERVICE_UNAVAILABLE');
      }
      const c = await repo.findByNumber(body.caseNumber);
      const answer =
        body.applicantName !== undefined
          ? people.hash(`${body.caseNumber}|name|${normalizeName(body.applicantName)}`)
          : people.hash(`${body.caseNumber}|id4|${body.idLast4}`);
      const expected = c
        ? body.applicantName !== undefined
          ? c.verify.nameHashes
          : [c.verify.idLast4Hash ?? dummyHash]
        : [dummyHash];
      let ok = false;
      for (const e of expected) ok = sameHash(answer, e) || ok;
      if (!c || !ok) throw new AppError('CASE_PROGRESS_NOT_FOUND');
      return publicView(c, await nameOf());
    },

    async openFile(caseId: string, fileId: string) {
      const file = await files.open(caseId, fileId);
      if (!file) throw new AppError('CASE_FILE_NOT_FOUND');
      return file;
    },

    configureItem: (itemCode: string, coDepartments: Array<{ department: string; limitDays?: number }>) =>
      repo.setItemSettings({ itemCode, coDepartments }),

    allowedActionsFor,
  };
  return service;
}
export type CaseService = ReturnType<typeof createCaseService>;

export function isFinal(status: CaseStatus): boolean {
  return (CASE_FINAL_STATUSES as readonly CaseStatus[]).includes(status);
}
