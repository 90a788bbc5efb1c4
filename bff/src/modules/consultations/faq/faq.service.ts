import type { CreateFaqRequest, FaqEntry, FaqSearchQuery, UpdateFaqRequest } from '@app/shared';
import { AppError } from '../../../http/app-error';
import { prepareJson, type PreparedJson } from '../../../http/prepared-json';
import type { RedisHandle } from '../../../infra/redis/connect-redis';
import type { Principal } from '../../auth/access/principal';
import type { FaqEntryRecord } from '../models/faq.model';
import type { FaqRepository } from '../repositories/faq.repository';
import type { ConsultationContext } from '../services/consultation-context';
import { faqSearchKeys, searchFaq, toIndexed, type IndexedFaq } from './faq-search';

/** ID numbers (18 characters) and mobile numbers: never in a published entry. */
const PERSONAL_DATA = /(?<!\d)\d{17}[\dXx](?!\d)|(?<!\d)1[3-9]\d{9}(?!\d)/;

export interface FaqServiceDeps {
  repo: FaqRepository;
  ctx: ConsultationContext;
  redis: RedisHandle;
  /** How long a process trusts its index without asking Redis for the version (ms). */
  trustMs?: number;
}

/**
 * 常见问题: written by staff from answers, published or not, searched by everybody. Each process
 * keeps the published entries in memory (a few thousand short texts) and rebuilds them when the
 * version in Redis moves (every write that changes what the public sees bumps it; checked at most
 * once per `trustMs`); answers to the same query are kept per version.
 */
export function createFaqService(deps: FaqServiceDeps) {
  const { repo, ctx } = deps;
  const versionKey = `${deps.redis.keyPrefix}faq:version`;
  const trustMs = deps.trustMs ?? 1000;
  let index:
    | {
        version: number;
        entries: IndexedFaq[];
        answers: Map<string, { result: { items: FaqEntry[]; total: number }; prepared?: PreparedJson }>;
      }
    | undefined;
  let checkedAt = 0;
  let building: Promise<void> | undefined;

  async function view(r: FaqEntryRecord): Promise<FaqEntry> {
    const itemNames = r.items.length ? await ctx.items.names(r.items) : new Map<string, string>();
    return {
      id: String(r._id),
      question: r.question,
      answer: r.answer,
      items: r.items.map((code) => ({ code, name: itemNames.get(code) ?? code })),
      departments: await Promise.all(
        r.departments.map(async (code) => ({ code, name: await ctx.departments.name(code) })),
      ),
      status: r.status,
      views: r.views ?? 0,
      helpful: r.helpful ?? 0,
      notHelpful: r.notHelpful ?? 0,
      ...(r.publishedAt ? { publishedAt: r.publishedAt.toISOString() } : {}),
    };
  }

  async function bump() {
    await deps.redis.client.incr(versionKey);
    checkedAt = 0;
  }

  async function currentIndex() {
    const now = Date.now();
    if (index && now - checkedAt < trustMs) return index;
    const version = Number((await deps.redis.client.get(versionKey)) ?? 0);
    checkedAt = now;
    if (index && index.version === version) return index;
    building ??= (async () => {
      const records = await repo.published();
      const allCodes = [...new Set(records.flatMap((r) => r.items))];
      const names = allCodes.length ? await ctx.items.names(allCodes) : new Map<string, string>();
      const entries: IndexedFaq[] = [];
      for (const r of records) {
        const v: FaqEntry = {
          id: String(r._id),
          question: r.question,
          answer: r.answer,
          items: r.items.map((code) => ({ code, name: names.get(code) ?? code })),
          departments: await Promise.all(
            r.departments.map(async (code) => ({ code, name: await ctx.departments.name(code) })),
          ),
          status: r.status,
          views: r.views ?? 0,
          helpful: r.helpful ?? 0,
          notHelpful: r.notHelpful ?? 0,
          ...(r.publishedAt ? { publishedAt: r.publishedAt.toISOString() } : {}),
        };
        entries.push(toIndexed(r, v));
      }
      index = { version, entries, answers: new Map() };
    })().finally(() => {
      building = undefined;
    });
    await building;
    return index!;
  }

  async function checkContent(body: {
    question: string;
    answer: string;
    items: string[];
    departments: string[];
  }) {
    if (PERSONAL_DATA.test(body.question) || PERSONAL_DATA.test(body.answer))
      throw new AppError('FAQ_PERSONAL_DATA');
    for (const code of body.items)
      if (!(await ctx.items.findPublished(code)))
        throw new AppError('CONSULTATION_ITEM_NOT_FOUND', undefined, {
          fields: [{ path: 'body.items', message: `事项 ${code} 不存在或未公布` }],
        });
    for (const code of body.departments)
      if (!(await ctx.departments.exists(code)))
        throw new AppError('CONSULTATION_DEPARTMENT_NOT_FOUND', undefined, {
          fields: [{ path: 'body.departments', message: `部门 ${code} 不存在` }],
        });
  }

  async function answerOf(query: FaqSearchQuery) {
    const idx = await currentIndex();
    const key = `${query.q ?? ''}\u0001${query.item ?? ''}\u0001${query.department ?? ''}\u0001${query.limit}`;
    let answer = idx.answers.get(key);
    if (!answer) {
      answer = { result: searchFaq(idx.entries, query) };
      if (idx.answers.size > 2000) idx.answers.clear();
      idx.answers.set(key, answer);
    }
    return answer;
  }

  const load = async (id: string) => {
    const r = await repo.findById(id);
    if (!r) throw new AppError('FAQ_NOT_FOUND');
    return r;
  };

  return {
    view,

    async search(query: FaqSearchQuery) {
      return (await answerOf(query)).result;
    },

    /** The same answer as UTF-8 and gzip bytes, kept per index version (nothing re-serialised per request). */
    async searchPrepared(query: FaqSearchQuery): Promise<PreparedJson> {
      const answer = await answerOf(query);
      return (answer.prepared ??= prepareJson(JSON.stringify(answer.result)));
    },

    /** One entry: published ones for everybody (counted as a view), any for staff. */
    async get(id: string, p: Principal | undefined) {
      const r = await load(id);
      const staffSide = p && p.role !== 'citizen' && p.role !== 'enterprise';
      if (r.status !== 'published' && !staffSide) throw new AppError('FAQ_NOT_FOUND');
      if (r.status === 'published') {
        await repo.incrementViews(r._id);
        r.views = (r.views ?? 0) + 1;
      }
      const v = await view(r);
      if (p) {
        const vote = await repo.voteOf(id, p.userId);
        if (vote) v.myVote = vote.helpful ? 'helpful' : 'not_helpful';
      }
      return v;
    },

    async create(p: Principal, body: CreateFaqRequest) {
      await checkContent(body);
      if (body.consultationId && !(await ctx.repo.findById(body.consultationId)))
        throw new AppError('NOT_FOUND', '未找到该咨询');
      const departments = body.departments.length ? body.departments : p.department ? [p.department] : [];
      const now = ctx.now();
      const r = await repo.insert({
        question: body.question,
        answer: body.answer,
        items: [...new Set(body.items)],
        departments: [...new Set(departments)],
        status: body.publish ? 'published' : 'draft',
        search: faqSearchKeys(body.question),
        ...(body.consultationId ? { sourceConsultationId: body.consultationId } : {}),
        createdBy: p.userId,
        ...(body.publish ? { publishedAt: now } : {}),
        views: 0,
        helpful: 0,
        notHelpful: 0,
        version: 0,
      });
      if (body.publish) await bump();
      return r;
    },

    async update(p: Principal, id: string, body: UpdateFaqRequest) {
      const r = await load(id);
      await checkContent(body);
      const after = await repo.updateIf(
        r._id,
        { version: r.version },
        {
          question: body.question,
          answer: body.answer,
          items: [...new Set(body.items)],
          departments: [...new Set(body.departments)],
          search: faqSearchKeys(body.question),
          updatedBy: p.userId,
        },
      );
      if (!after) throw new AppError('CONFLICT', '该问答已被他人修改，请刷新后重试');
      if (after.status === 'published') await bump();
      return { before: r, after };
    },

    async setPublished(p: Principal, id: string, publish: boolean) {
      const r = await load(id);
      const from = publish ? (['draft', 'unpublished'] as const) : (['published'] as const);
      if (!(from as readonly string[]).includes(r.status))
        throw new AppError('CONFLICT', publish ? '该问答已发布' : '该问答未发布');
      const after = await repo.updateIf(
        r._id,
        { status: [...from], version: r.version },
        {
          status: publish ? 'published' : 'unpublished',
          updatedBy: p.userId,
          ...(publish ? { publishedAt: ctx.now() } : {}),
        },
      );
      if (!after) throw new AppError('CONFLICT', '该问答已被他人修改，请刷新后重试');
      await bump();
      return { before: r, after };
    },

    async vote(p: Principal, id: string, helpful: boolean) {
      const r = await load(id);
      if (r.status !== 'published') throw new AppError('FAQ_NOT_FOUND');
      if ((await repo.insertVote(id, p.userId, helpful)) === 'duplicate')
        throw new AppError('FAQ_ALREADY_VOTED');
      await repo.incrementVotes(r._id, helpful);
      const after = (await repo.findById(id))!;
      return { ...(await view(after)), myVote: helpful ? ('helpful' as const) : ('not_helpful' as const) };
    },

    async answeredBeforeAsking(p: Principal | undefined, body: { faqId?: string; itemCode?: string }) {
      await repo.insertDeflection({
        at: ctx.now(),
        ...(p ? { userId: p.userId } : {}),
        ...(body.faqId ? { faqId: body.faqId } : {}),
        ...(body.itemCode ? { itemCode: body.itemCode } : {}),
      });
      return { answeredBeforeAsking: await repo.countDeflections() };
    },

    async stats() {
      return { ...(await repo.totals()), answeredBeforeAsking: await repo.countDeflections() };
    },

    async staffList(p: Principal, query: { status?: string; page: number; pageSize: number }) {
      const filter: Record<string, unknown> = {};
      if (p.role === 'staff') filter.$or = [{ departments: p.department ?? '-' }, { createdBy: p.userId }];
      if (query.status) filter.status = query.status;
      const { items, total } = await repo.list(filter, (query.page - 1) * query.pageSize, query.pageSize);
      return {
        items: await Promise.all(
          items.map(async (r) => ({
            ...(await view(r)),
            ...(r.sourceConsultationId ? { sourceConsultationId: r.sourceConsultationId } : {}),
          })),
        ),
        total,
        page: query.page,
        pageSize: query.pageSize,
      };
    },

    bump,
  };
}
export type FaqService = ReturnType<typeof createFaqService>;
