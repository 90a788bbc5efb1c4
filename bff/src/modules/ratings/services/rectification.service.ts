import { Types } from 'mongoose';
import { type CallbackRequest, type RectificationsQuery, type RectifyRequest } from '@app/shared';
import { AppError } from '../../../http/app-error';
import type { Principal } from '../../auth/access/principal';
import { addCalendarDays, addWorkingDays, chinaDateTime, todayInChina } from '../../calendar';
import { cancel, pushOutbox, schedule, sendNow, type OutboxRelay } from '../../notifications';
import type { DetectedFile } from '../../cases/services/file-type';
import type { RatingRecord } from '../models/rating.model';
import type { RectificationRecord } from '../models/rectification.model';
import type { RatingRepository } from '../repositories/rating.repository';
import type { EvidenceStore, RectificationRepository } from '../repositories/rectification.repository';
import { overdueJobId, RATINGS_QUEUE } from './rating-jobs';
import { rectificationView } from './rating-views';

export interface RectificationServiceDeps {
  ratings: RatingRepository;
  repo: RectificationRepository;
  evidence: EvidenceStore;
  relay: Pick<OutboxRelay, 'relay'>;
  people: {
    staffName(userId: string): Promise<string | undefined>;
    /** The rater's real name and phone (decrypted), for the 回访 only. */
    contact(userId: string): Promise<{ name: string; phone?: string } | undefined>;
  };
  now: () => Date;
  callbackWorkingDays: number;
  rectifyWorkingDays: number;
}

/** The end of a China date (its deadline instant): the next day's 00:00 in China. */
const endOf = (day: string) => chinaDateTime(addCalendarDays(day, 1), '00:00');

/**
 * 整改: opened by a bad rating for the responsible department, 回访 then rectification by working-day
 * deadlines; overdue flagged by delayed jobs; the person told the outcome. One transition table:
 */
export const RECTIFICATION_TRANSITIONS = [
  { from: 'awaiting_callback', action: 'callback', to: 'awaiting_rectification' },
  { from: 'awaiting_rectification', action: 'rectify', to: 'rectified' },
] as const;

export function createRectificationService(deps: RectificationServiceDeps) {
  const { repo, now } = deps;

  async function load(id: string): Promise<RectificationRecord> {
    const r = await repo.findById(id);
    if (!r) throw new AppError('NOT_FOUND', '未找到该整改');
    return r;
  }

  const isSupervisor = (p: Principal) => p.role === 'supervisor' || p.role === 'admin';
  const view = (p: Principal, r: RectificationRecord) => rectificationView(r, p.userId, isSupervisor(p));

  async function move(
    p: Principal,
    r: RectificationRecord,
    action: 'callback' | 'rectify',
    update: Record<string, unknown>,
  ) {
    const row = RECTIFICATION_TRANSITIONS.find((t) => t.action === action)!;
    if (r.status !== row.from)
      throw new AppError('RECTIFICATION_STATE_CONFLICT', undefined, { status: r.status, action });
    const u = update as { $set?: Record<string, unknown> };
    const after = await repo.transition(
      r._id,
      { status: row.from, version: r.version },
      { ...update, $set: { ...(u.$set ?? {}), status: row.to } },
    );
    if (!after) throw new AppError('CONFLICT', '整改已被他人处理，请刷新后重试');
    void deps.relay.relay('rectifications', after._id);
    return { before: r, after, view: view(p, after) };
  }

  return {
    /** Opens the rectification of a bad rating once (unique on ratingId), with its two deadline jobs. */
    async open(rating: RatingRecord): Promise<RectificationRecord> {
      const existing = await repo.findByRating(rating._id);
      if (existing) {
        if (!rating.rectificationId) await deps.ratings.setRectification(rating._id, existing._id);
        return existing;
      }
      const today = todayInChina(now());
      const callbackDueDate = addWorkingDays(today, deps.callbackWorkingDays);
      const rectifyDueDate = addWorkingDays(today, deps.rectifyWorkingDays);
      const _id = new Types.ObjectId();
      const id = String(_id);
      const callbackDueAt = endOf(callbackDueDate);
      const rectifyDueAt = endOf(rectifyDueDate);
      const inserted = await repo.insert({
        _id,
        ratingId: rating._id,
        kind: rating.kind,
        serviceId: rating.serviceId,
        personId: rating.personId,
        title: rating.title,
        department: rating.served.department,
        served: rating.served,
        level: rating.level,
        reasons: rating.reasons,
        ...(rating.comment ? { comment: rating.comment } : {}),
        status: 'awaiting_callback',
        version: 0,
        callbackDueDate,
        callbackDueAt,
        rectifyDueDate,
        rectifyDueAt,
        callbackOverdue: false,
        rectifyOverdue: false,
        pendingEvidence: [],
        outbox: [
          schedule(RATINGS_QUEUE, 'callback-overdue', overdueJobId(id, 'callback'), callbackDueAt, {
            rectificationId: id,
          }),
          schedule(RATINGS_QUEUE, 'rectify-overdue', overdueJobId(id, 'rectify'), rectifyDueAt, {
            rectificationId: id,
          }),
        ],
      });
      const rect = inserted === 'duplicate' ? (await repo.findByRating(rating._id))! : inserted;
      await deps.ratings.setRectification(rating._id, rect._id);
      void deps.relay.relay('rectifications', rect._id);
      return rect;
    },

    async list(p: Principal, q: RectificationsQuery) {
      const filter: Record<string, unknown> = isSupervisor(p) ? {} : { department: p.department ?? '-' };
      if (q.status) filter.status = q.status;
      if (q.overdue === 'true') filter.$or = [{ callbackOverdue: true }, { rectifyOverdue: true }];
      return { items: (await repo.list(filter)).map((r) => view(p, r)) };
    },

    async detail(p: Principal, id: string) {
      return view(p, await load(id));
    },

    /** Takes the 回访 (the first staff member of the department to claim it does it). */
    async claim(p: Principal, id: string) {
      const r = await load(id);
      const after = await repo.claim(r._id, p.userId, await deps.people.staffName(p.userId));
      if (!after) throw new AppError('RECTIFICATION_NOT_ASSIGNED', '该回访已由其他工作人员负责');
      return { before: r, after, view: view(p, after) };
    },

    /** The rater's name and phone: only for the staff doing this rectification's 回访 (audited by the route). */
    async contact(p: Principal, id: string) {
      const r = await load(id);
      if (r.assigneeId !== p.userId) throw new AppError('RECTIFICATION_NOT_ASSIGNED');
      const contact = await deps.people.contact(r.personId);
      return {
        rectification: r,
        contact: { name: contact?.name ?? '（未实名）', ...(contact?.phone ? { phone: contact.phone } : {}) },
      };
    },

    /** 回访 recorded: reached or not, what was said; by the staff doing it (claimed now if nobody has). */
    async callback(p: Principal, id: string, body: CallbackRequest) {
      const r = await load(id);
      if (r.assigneeId && r.assigneeId !== p.userId)
        throw new AppError('RECTIFICATION_NOT_ASSIGNED', '该回访已由其他工作人员负责');
      const at = now();
      const onTime = todayInChina(at) <= r.callbackDueDate;
      const name = r.assigneeId ? undefined : await deps.people.staffName(p.userId);
      return move(p, r, 'callback', {
        $set: {
          callback: { reached: body.reached, note: body.note, at, by: p.userId, onTime },
          ...(r.assigneeId ? {} : { assigneeId: p.userId, ...(name ? { assigneeName: name } : {}) }),
        },
        ...pushOutbox([cancel(RATINGS_QUEUE, overdueJobId(id, 'callback'))]),
      });
    },

    /** Evidence file (same rules as case materials: ≤ 5 MB, JPEG/PNG/PDF by magic bytes). */
    async uploadEvidence(p: Principal, id: string, file: DetectedFile) {
      const r = await load(id);
      if (r.status === 'rectified') throw new AppError('RECTIFICATION_STATE_CONFLICT');
      const fileId = await deps.evidence.put(file.data, {
        filename: file.filename,
        contentType: file.contentType,
        rectificationId: id,
      });
      const record = {
        fileId,
        filename: file.filename,
        contentType: file.contentType,
        size: file.data.length,
        uploadedAt: now(),
      };
      const after = await repo.addPendingEvidence(r._id, record);
      if (!after) throw new AppError('RECTIFICATION_EVIDENCE_LIMIT');
      return view(p, after).pendingEvidence.find((f) => f.id === String(fileId))!;
    },

    /** 整改 recorded (what was wrong, what was done, the evidence uploaded): the person is told. */
    async rectify(p: Principal, id: string, body: RectifyRequest) {
      const r = await load(id);
      const at = now();
      const onTime = todayInChina(at) <= r.rectifyDueDate;
      return move(p, r, 'rectify', {
        $set: {
          rectification: {
            problem: body.problem,
            actions: body.actions,
            evidence: r.pendingEvidence ?? [],
            at,
            by: p.userId,
            onTime,
          },
          pendingEvidence: [],
        },
        ...pushOutbox([
          cancel(RATINGS_QUEUE, overdueJobId(id, 'rectify')),
          sendNow(RATINGS_QUEUE, 'outcome', { rectificationId: id }),
        ]),
      });
    },

    async openEvidence(id: string, fileId: string) {
      const file = await deps.evidence.open(id, fileId);
      if (!file) throw new AppError('RECTIFICATION_FILE_NOT_FOUND');
      return file;
    },

    async ownership(id: string) {
      const r = await repo.ownership(id);
      return r ? { department: r.department } : undefined;
    },

    async figures(match: Record<string, unknown> = {}) {
      const row = await repo.figures(match);
      const finished = row?.rectified ?? 0;
      return {
        total: row?.total ?? 0,
        byStatus: {
          awaiting_callback: row?.awaiting_callback ?? 0,
          awaiting_rectification: row?.awaiting_rectification ?? 0,
          rectified: finished,
        },
        overdue: row?.overdue ?? 0,
        onTimeShare: finished > 0 ? (row?.onTime ?? 0) / finished : null,
      };
    },
  };
}
export type RectificationService = ReturnType<typeof createRectificationService>;
