import {
  COMPLAINT_REPEAT_WINDOW_DAYS,
  type ComplaintDetail,
  type ComplaintListResponse,
  type MyComplaintsQuery,
} from '@app/shared';
import type { z } from 'zod';
import type { fileComplaintRequestSchema } from '@app/shared';
import { AppError } from '../../../http/app-error';
import type { Principal } from '../../auth/access/principal';
import { todayInChina } from '../../calendar';
import type {
  ComplaintEventRecord,
  ComplaintRecord,
  ComplaintSubjectRecord,
} from '../models/complaint.model';
import type { ComplaintFileStore, ComplaintRepository } from '../repositories/complaint.repository';
import type { SubjectRepository } from '../repositories/subject.repository';
import type { DetectedFile } from '../../cases';

type FileBody = z.output<typeof fileComplaintRequestSchema>;

export interface FilingDeps {
  repo: ComplaintRepository;
  files: ComplaintFileStore;
  subjects: SubjectRepository;
  now: () => Date;
  /** The next number of the day (Redis counter). */
  nextSeq: (date: string) => Promise<number>;
  people: {
    /** The verified real-name profile, or undefined. */
    realName(userId: string): Promise<{ name: string; phoneEnc?: string; phoneMasked?: string } | undefined>;
    enterpriseName(enterpriseId: string): Promise<string | undefined>;
  };
  view: (p: Principal, c: ComplaintRecord) => Promise<ComplaintDetail>;
  list: (items: ComplaintRecord[]) => Promise<ComplaintListResponse['items']>;
}

/** Filing (提交), the person's own list and the pickers: the citizen's side of the loop. */
export function createFilingService(deps: FilingDeps) {
  async function resolveSubject(p: Principal, s: FileBody['subject']): Promise<ComplaintSubjectRecord> {
    const notFound = () => new AppError('COMPLAINT_SUBJECT_NOT_FOUND');
    switch (s.kind) {
      case 'case': {
        const c = await deps.subjects.caseById(s.id);
        const mine =
          c && (c.applicantId === p.userId || (!!c.enterpriseId && p.enterprises.includes(c.enterpriseId)));
        if (!c || !mine) throw notFound();
        return {
          kind: 'case',
          label: `办件 ${c.number} ${c.itemName}`,
          safeLabel: c.itemName,
          refId: c.id,
          itemCode: c.itemCode,
          department: c.department,
        };
      }
      case 'appointment': {
        const b = await deps.subjects.bookingById(s.id);
        if (!b || b.personId !== p.userId) throw notFound();
        const item = await deps.subjects.item(b.itemCode);
        const hall = await deps.subjects.hall(b.hallCode);
        return {
          kind: 'appointment',
          label: `预约 ${b.date} ${b.start} ${hall?.name ?? b.hallCode} ${item?.name ?? b.itemCode}`,
          safeLabel: `${hall?.name ?? b.hallCode} ${item?.name ?? b.itemCode}`,
          refId: b.id,
          itemCode: b.itemCode,
          code: b.hallCode,
          ...(item ? { department: item.department } : {}),
        };
      }
      case 'item': {
        const item = await deps.subjects.item(s.code);
        if (!item) throw notFound();
        return {
          kind: 'item',
          label: item.name,
          code: item.code,
          itemCode: item.code,
          department: item.department,
        };
      }
      case 'hall': {
        const hall = await deps.subjects.hall(s.code);
        if (!hall) throw notFound();
        return { kind: 'hall', label: hall.name, code: hall.code };
      }
      case 'free':
        return { kind: 'free', label: s.text };
    }
  }

  /** An earlier complaint of the same person about the same department or item within 30 days. */
  async function earlierOf(filerId: string, subject: ComplaintSubjectRecord, now: Date) {
    if (!subject.department && !subject.itemCode) return undefined;
    const since = new Date(now.getTime() - COMPLAINT_REPEAT_WINDOW_DAYS * 24 * 3600_000);
    const recent = await deps.repo.recentByFiler(filerId, since);
    return recent.find(
      (r) =>
        (!!subject.itemCode && r.subject.itemCode === subject.itemCode) ||
        (!!subject.department &&
          (r.subject.department === subject.department || r.leadDepartment === subject.department)),
    );
  }

  return {
    resolveSubject,
    earlierOf,

    async upload(p: Principal, file: DetectedFile) {
      const id = await deps.files.put(file.data, {
        filename: file.filename,
        contentType: file.contentType,
        uploaderId: p.userId,
      });
      return {
        id: String(id),
        filename: file.filename,
        contentType: file.contentType,
        size: file.data.length,
      };
    },

    async file(p: Principal, body: FileBody, idempotencyKey: string): Promise<ComplaintDetail> {
      const idemKey = `${p.userId}|${idempotencyKey}`;
      const retried = await deps.repo.findByIdemKey(idemKey);
      if (retried) {
        if (retried.kind !== body.kind || retried.description !== body.description)
          throw new AppError('COMPLAINT_KEY_REUSED');
        return deps.view(p, retried);
      }
      if (body.onBehalfOf && !p.enterprises.includes(body.onBehalfOf))
        throw new AppError('COMPLAINT_NOT_ENTERPRISE_MEMBER');
      const anonymous = body.kind === 'report' && body.anonymous;
      const real = anonymous ? undefined : await deps.people.realName(p.userId);
      if (!anonymous && !real) throw new AppError('COMPLAINT_REAL_NAME_REQUIRED');
      const subject = await resolveSubject(p, body.subject);
      const ids = [...new Set(body.attachments)];
      const attachments = await deps.files.unattached(p.userId, ids);
      if (attachments.length !== ids.length) throw new AppError('COMPLAINT_ATTACHMENT_NOT_FOUND');

      const now = deps.now();
      const today = todayInChina(now);
      const earlier = await earlierOf(p.userId, subject, now);
      const filer = { role: p.role, as: 'filer' } as const;
      const timeline: ComplaintEventRecord[] = [{ at: now, kind: 'filed', actor: filer }];
      if (earlier)
        timeline.push({
          at: now,
          kind: 'repeat_linked',
          actor: { role: 'system', as: 'system' },
          note: `30 日内同一诉求人就同一部门或事项的再次投诉，关联 ${earlier.number}`,
        });
      const enterpriseName = body.onBehalfOf ? await deps.people.enterpriseName(body.onBehalfOf) : undefined;
      for (let attempt = 0; attempt < 5; attempt++) {
        const seq = await deps.nextSeq(today);
        const inserted = await deps.repo.insert({
          number: `TS${today.replaceAll('-', '')}${String(seq).padStart(4, '0')}`,
          kind: body.kind,
          status: 'submitted',
          version: 0,
          filerId: p.userId,
          ...(body.onBehalfOf ? { enterpriseId: body.onBehalfOf } : {}),
          anonymous,
          ...(real
            ? {
                contact: {
                  name: real.name,
                  ...(real.phoneEnc ? { phoneEnc: real.phoneEnc } : {}),
                  ...(real.phoneMasked ? { phoneMasked: real.phoneMasked } : {}),
                  ...(enterpriseName ? { enterpriseName } : {}),
                },
              }
            : {}),
          idemKey,
          subject,
          description: body.description,
          ...(body.wish ? { wish: body.wish } : {}),
          attachments,
          filedAt: now,
          filedDate: today,
          coDepartments: [],
          returns: [],
          followups: [],
          redoCount: 0,
          round: 0,
          escalated: false,
          supervisions: [],
          ...(earlier ? { repeatOf: earlier._id, repeatOfNumber: earlier.number } : {}),
          timeline,
        });
        if (inserted === 'duplicate-number') continue;
        if (inserted === 'duplicate-idem') {
          const first = await deps.repo.findByIdemKey(idemKey);
          if (!first) throw new AppError('CONFLICT');
          return deps.view(p, first);
        }
        await deps.files.attach(
          attachments.map((a) => a.fileId),
          String(inserted._id),
        );
        return deps.view(p, inserted);
      }
      throw new AppError('CONFLICT', '编号生成冲突，请重试');
    },

    async mine(p: Principal, q: MyComplaintsQuery): Promise<ComplaintListResponse> {
      const { items, total } = await deps.repo.list(
        {
          filerOrEnterprises: { filerId: p.userId, enterpriseIds: p.enterprises },
          ...(q.status ? { statuses: [q.status] } : {}),
        },
        q.page,
        q.pageSize,
        { filedAt: -1 },
      );
      return { items: await deps.list(items), total, page: q.page, pageSize: q.pageSize };
    },

    /** The person's own cases and appointments to pick a subject from (我要投诉's picker). */
    async subjectsOf(p: Principal) {
      const [cases, bookings] = await Promise.all([
        deps.subjects.casesOf(p.userId, p.enterprises),
        deps.subjects.bookingsOf(p.userId),
      ]);
      const [items, halls] = await Promise.all([
        deps.subjects.itemNames([...new Set(bookings.map((b) => b.itemCode))]),
        deps.subjects.hallNames(),
      ]);
      return {
        cases: cases.map((c) => ({ id: c.id, label: `${c.number} ${c.itemName}` })),
        appointments: bookings.map((b) => ({
          id: b.id,
          label: `${b.date} ${b.start} ${halls.get(b.hallCode) ?? b.hallCode} ${items.get(b.itemCode) ?? b.itemCode}`,
        })),
      };
    },
  };
}
export type FilingService = ReturnType<typeof createFilingService>;
