import {
  CONSULTATION_DEFAULT_LIMIT_DAYS,
  CONSULTATION_MAX_FOLLOW_UPS,
  CONSULTATION_MAX_PICTURES,
  type AskConsultationRequest,
  type MyConsultationsQuery,
} from '@app/shared';
import { AppError } from '../../../http/app-error';
import type { Principal } from '../../auth/access/principal';
import type { DetectedFile } from '../../cases/services/file-type';
import { Types } from 'mongoose';
import { cancel, schedule } from '../../notifications';
import type { ConsultationEventRecord, ConsultationRecord } from '../models/consultation.model';
import { dueAtOf, dueDateOf, overdueJobId } from './consultation-clock';
import {
  COLLECTION,
  CONSULTATION_QUEUE,
  isAsker,
  numberer,
  requireRecord,
  today,
  transition,
  type ConsultationContext,
} from './consultation-context';

/** The clock fields of a new round that starts today, with its overdue job. */
export async function newRound(
  ctx: ConsultationContext,
  id: string,
  limitDays: number,
  hallCode: string | undefined,
  previousJobId: string | undefined,
) {
  const start = today(ctx);
  const clock = { start, limitDays, pauses: [], ...(hallCode ? { hallCode } : {}) };
  const dueDate = dueDateOf(clock, await ctx.closuresOf(hallCode, start))!;
  const dueAt = dueAtOf(dueDate);
  const jobId = overdueJobId(id, dueAt);
  return {
    set: { clock, dueDate, dueAt, overdue: false, overdueJobId: jobId },
    outbox: [
      ...(previousJobId ? [cancel(CONSULTATION_QUEUE, previousJobId)] : []),
      schedule(CONSULTATION_QUEUE, 'overdue', jobId, dueAt, { consultationId: id, dueAt: dueAt.getTime() }),
    ],
  };
}

/** The person's side: ask (idempotent), pictures, 我的咨询, follow-up, supply information, resolve. */
export function createAskService(ctx: ConsultationContext) {
  const numbers = numberer(ctx);

  async function resolveTarget(p: Principal, body: AskConsultationRequest) {
    let item: Awaited<ReturnType<ConsultationContext['items']['findPublished']>> = null;
    if (body.itemCode) {
      item = await ctx.items.findPublished(body.itemCode);
      if (!item)
        throw new AppError('CONSULTATION_ITEM_NOT_FOUND', undefined, {
          fields: [{ path: 'body.itemCode', message: '所选事项不存在或未公布' }],
        });
    }
    const department = body.department ?? item?.departmentCode;
    if (department && body.department && !(await ctx.departments.exists(department)))
      throw new AppError('CONSULTATION_DEPARTMENT_NOT_FOUND', undefined, {
        fields: [{ path: 'body.department', message: '所选部门不存在' }],
      });
    if (body.onBehalfOf && !(await ctx.people.activeEnterpriseIds(p.userId)).includes(body.onBehalfOf))
      throw new AppError('CONSULTATION_NOT_ENTERPRISE_MEMBER');
    return { item, department };
  }

  return {
    async ask(
      p: Principal,
      body: AskConsultationRequest,
      idempotencyKey: string,
    ): Promise<ConsultationRecord> {
      const earlier = await ctx.repo.findByIdempotencyKey(p.userId, idempotencyKey);
      if (earlier) return earlier;
      const { item, department } = await resolveTarget(p, body);
      const limitDays =
        (department && (await ctx.repo.limitDaysOf(department))) || CONSULTATION_DEFAULT_LIMIT_DAYS;
      const askedAt = ctx.now();
      const day = today(ctx).replaceAll('-', '');
      const name = await ctx.people.name(p.userId);
      const asked: ConsultationEventRecord = {
        at: askedAt,
        kind: 'asked',
        actor: { userId: p.userId, role: p.role, ...(name ? { name } : {}) },
        text: body.question,
        round: 0,
      };
      for (let attempt = 0; attempt < 3; attempt++) {
        const _id = new Types.ObjectId();
        const round = await newRound(ctx, String(_id), limitDays, item?.hallCode, undefined);
        const inserted = await ctx.repo.insert({
          _id,
          number: await numbers.next(day),
          askerId: p.userId,
          ...(body.onBehalfOf ? { enterpriseId: body.onBehalfOf } : {}),
          title: body.title,
          question: body.question,
          callBack: body.callBack,
          ...(item ? { itemCode: item.code, itemName: item.name } : {}),
          ...(department ? { department } : {}),
          departments: department ? [department] : [],
          ...(department ? {} : { viaDesk: true }),
          status: 'submitted',
          version: 0,
          round: 0,
          ...round.set,
          pictures: [],
          events: [asked],
          idempotencyKey,
          askedAt,
          outbox: round.outbox,
        });
        if (inserted === 'duplicate-key')
          return requireRecord(await ctx.repo.findByIdempotencyKey(p.userId, idempotencyKey));
        if (inserted === 'duplicate-number') {
          ctx.logger.warn({ day }, 'consultation number taken: resynchronising the day counter');
          await numbers.resync(day);
          continue;
        }
        await ctx.outbox.relay(COLLECTION, inserted._id);
        return inserted;
      }
      throw new AppError('SERVICE_UNAVAILABLE', '咨询编号生成失败，请稍后重试');
    },

    /** A picture (JPEG/PNG by magic bytes, ≤ 5 MB as case materials), at most 3, while it waits for an answer. */
    async uploadPicture(p: Principal, id: string, file: DetectedFile) {
      const c = requireRecord(await ctx.repo.findById(id));
      if (!isAsker(p, c)) throw new AppError('NOT_FOUND');
      if (file.contentType !== 'image/jpeg' && file.contentType !== 'image/png')
        throw new AppError('CONSULTATION_PICTURE_TYPE');
      if (c.pictures.length >= CONSULTATION_MAX_PICTURES)
        throw new AppError('CONSULTATION_TOO_MANY_PICTURES');
      const fileId = await ctx.files.put(file.data, {
        filename: file.filename,
        contentType: file.contentType,
        caseId: id,
      });
      const picture = {
        fileId,
        filename: file.filename,
        contentType: file.contentType,
        size: file.data.length,
        uploadedAt: ctx.now(),
      };
      const after = await ctx.repo.pushPicture(c._id, picture, CONSULTATION_MAX_PICTURES, [
        'submitted',
        'claimed',
        'info_requested',
        'transferred',
        'follow_up',
      ]);
      if (!after) {
        await ctx.files.remove(fileId);
        const now = await ctx.repo.findById(id);
        if ((now?.pictures.length ?? 0) >= CONSULTATION_MAX_PICTURES)
          throw new AppError('CONSULTATION_TOO_MANY_PICTURES');
        throw new AppError('CONFLICT', '该咨询已答复或关闭，不能再添加图片');
      }
      return { after, picture };
    },

    async openPicture(id: string, fileId: string) {
      const file = await ctx.files.open(id, fileId);
      if (!file) throw new AppError('CONSULTATION_FILE_NOT_FOUND');
      return file;
    },

    async listMine(p: Principal, query: MyConsultationsQuery) {
      const owners: Record<string, unknown>[] = [{ askerId: p.userId }];
      if (p.enterprises.length) owners.push({ enterpriseId: { $in: p.enterprises } });
      const filter: Record<string, unknown> = {
        $or: owners,
        ...(query.status ? { status: query.status } : {}),
      };
      return ctx.repo.list(filter, {
        sort: { askedAt: -1 },
        skip: (query.page - 1) * query.pageSize,
        limit: query.pageSize,
      });
    },

    /** A new round in the same thread (at most 3), with its own clock. */
    async followUp(p: Principal, id: string, question: string) {
      const c = requireRecord(await ctx.repo.findById(id));
      if (isAsker(p, c) && c.status === 'answered' && c.round >= CONSULTATION_MAX_FOLLOW_UPS)
        throw new AppError('CONSULTATION_FOLLOW_UP_LIMIT');
      const name = await ctx.people.name(p.userId);
      const round = await newRound(ctx, id, c.clock.limitDays, c.clock.hallCode, c.overdueJobId);
      return transition(
        ctx,
        p,
        c,
        'follow_up',
        () => ({
          update: {
            $set: { ...round.set, round: c.round + 1 },
            $unset: { claimedBy: '' },
            $push: {
              events: {
                at: ctx.now(),
                kind: 'follow_up',
                actor: { userId: p.userId, role: p.role, ...(name ? { name } : {}) },
                text: question,
                round: c.round + 1,
              },
            },
          },
          outbox: round.outbox,
        }),
        { extra: { round: { $lt: CONSULTATION_MAX_FOLLOW_UPS } } },
      );
    },

    /** The person supplies what staff asked for: the clock resumes (the paused days do not count). */
    async provideInfo(p: Principal, id: string, text: string) {
      const c = requireRecord(await ctx.repo.findById(id));
      const day = today(ctx);
      const pauses = [
        ...c.clock.pauses,
        ...(c.clock.openPauseFrom ? [{ from: c.clock.openPauseFrom, to: day }] : []),
      ];
      const clock = { ...c.clock, pauses, openPauseFrom: undefined };
      delete clock.openPauseFrom;
      const dueDate = dueDateOf(clock, await ctx.closuresOf(c.clock.hallCode, c.clock.start))!;
      const dueAt = dueAtOf(dueDate);
      const jobId = overdueJobId(id, dueAt);
      const name = await ctx.people.name(p.userId);
      return transition(ctx, p, c, 'provide_info', () => ({
        update: {
          $set: { clock, dueDate, dueAt, overdueJobId: jobId, overdue: false },
          $push: {
            events: {
              at: ctx.now(),
              kind: 'info_provided',
              actor: { userId: p.userId, role: p.role, ...(name ? { name } : {}) },
              text,
              round: c.round,
            },
          },
        },
        outbox: [
          schedule(CONSULTATION_QUEUE, 'overdue', jobId, dueAt, {
            consultationId: id,
            dueAt: dueAt.getTime(),
          }),
        ],
      }));
    },

    async resolve(p: Principal, id: string) {
      const c = requireRecord(await ctx.repo.findById(id));
      return transition(ctx, p, c, 'resolve', () => ({
        update: {
          $push: {
            events: {
              at: ctx.now(),
              kind: 'resolved',
              actor: { userId: p.userId, role: p.role },
              round: c.round,
            },
          },
        },
      }));
    },
  };
}
export type AskService = ReturnType<typeof createAskService>;
