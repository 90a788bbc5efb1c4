import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import type { ComplaintKind, ComplaintStatus, StaffDuty } from '@app/shared';
import type { AppDeps } from '../../../app-deps';
import { person } from '../../cases/testing/case-fixtures';
import { createComplaintRepository } from '../repositories/complaint.repository';

/** Test helpers: people with complaint duties, and complaints inserted straight in any status. */
export type Who = Awaited<ReturnType<typeof person>>;

export const staffWith = (deps: AppDeps, department: string, duties: StaffDuty[]) =>
  person(deps, 'staff', { department, halls: [], duties });

/** A complaint inserted in `status` (no HTTP): for the transition table and the authorization matrix. */
export async function insertComplaint(
  deps: AppDeps,
  fields: {
    filerId: string;
    status?: ComplaintStatus;
    kind?: ComplaintKind;
    leadDepartment?: string;
    coDepartments?: string[];
    anonymous?: boolean;
    dueDate?: string;
    clockStart?: string;
  },
) {
  const repo = createComplaintRepository(deps.mongo.connection);
  const now = new Date();
  const made = await repo.insert({
    number: `TS-T${randomBytes(5).toString('hex')}`,
    kind: fields.kind ?? 'complaint',
    status: fields.status ?? 'submitted',
    version: 0,
    filerId: fields.filerId,
    anonymous: fields.anonymous ?? false,
    ...(fields.anonymous ? {} : { contact: { name: '张三丰', phoneMasked: '138****5678' } }),
    idemKey: `${fields.filerId}|${new Types.ObjectId().toHexString()}`,
    subject: { kind: 'free', label: '窗口服务态度' },
    description: '窗口工作人员态度不好，多次催促仍不办理。',
    attachments: [],
    filedAt: now,
    filedDate: '2026-12-01',
    ...(fields.leadDepartment ? { leadDepartment: fields.leadDepartment } : {}),
    coDepartments: (fields.coDepartments ?? []).map((department) => ({ department, part: '已会办' })),
    returns: [],
    followups: [],
    redoCount: 0,
    round: 0,
    escalated: false,
    supervisions: [],
    acceptedDate: fields.clockStart ?? '2026-12-01',
    clockStart: fields.clockStart ?? '2026-12-01',
    limitDays: 13,
    dueDate: fields.dueDate ?? '2026-12-18',
    ...(fields.status === 'replied' ? { repliedAt: now, reply: '已答复' } : {}),
    timeline: [],
  });
  if (typeof made === 'string') throw new Error(made);
  return made;
}
