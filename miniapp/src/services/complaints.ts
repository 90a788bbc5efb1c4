import Taro from '@tarojs/taro';
import {
  complaintContactSchema,
  complaintDetailSchema,
  complaintListResponseSchema,
  complaintStatsResponseSchema,
  complaintSubjectsResponseSchema,
  complaintUploadResponseSchema,
  errorEnvelopeSchema,
  type ComplaintDetail,
  type ComplaintKind,
  type ComplaintListResponse,
  type ComplaintQueue,
  type ComplaintStatus,
  type ComplaintSubjectInput,
} from '@app/shared';
import { ApiError, BAD_RESPONSE_MESSAGE, NETWORK_ERROR_MESSAGE, apiRequest, getBaseUrl } from './api-client';
import { readSession } from './auth';

// 投诉 / 建议 / 举报 (capability `complaints`): the routes of bff/src/modules/complaints/complaints.routes.ts.

const enc = encodeURIComponent;
const staffPath = (id: string, step: string) => `/api/staff/complaints/${enc(id)}/${step}`;

export interface FileComplaintInput {
  kind: ComplaintKind;
  subject: ComplaintSubjectInput;
  description: string;
  wish?: string;
  attachments: string[];
  anonymous: boolean;
}

/** `POST /api/complaints` with the attempt's Idempotency-Key (a retry answers the same complaint). */
export function fileComplaint(body: FileComplaintInput, idempotencyKey: string): Promise<ComplaintDetail> {
  return apiRequest({
    path: '/api/complaints',
    method: 'POST',
    data: body,
    schema: complaintDetailSchema,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

export function listMyComplaints(
  q: { status?: ComplaintStatus; page?: number; pageSize?: number } = {},
): Promise<ComplaintListResponse> {
  return apiRequest({ path: '/api/complaints/mine', query: q, schema: complaintListResponseSchema });
}

export const mySubjects = () =>
  apiRequest({ path: '/api/complaints/subjects', schema: complaintSubjectsResponseSchema });

export const getComplaint = (id: string) =>
  apiRequest({ path: `/api/complaints/${enc(id)}`, schema: complaintDetailSchema });

export const sendFeedback = (id: string, solved: boolean, note?: string) =>
  apiRequest({
    path: `/api/complaints/${enc(id)}/feedback`,
    method: 'POST',
    data: { solved, ...(note ? { note } : {}) },
    schema: complaintDetailSchema,
  });

// ---------- staff ----------

export function staffQueue(q: {
  duty?: ComplaintQueue;
  status?: ComplaintStatus;
  due?: 'overdue' | 'soon';
  page?: number;
  pageSize?: number;
}) {
  return apiRequest({ path: '/api/staff/complaints', query: q, schema: complaintListResponseSchema });
}

/** One step of the loop (受理, 交办, 答复, 回访 …) with the version the page showed: a lost race is a 409. */
export function staffStep(id: string, step: string, body: Record<string, unknown>): Promise<ComplaintDetail> {
  return apiRequest({ path: staffPath(id, step), method: 'POST', data: body, schema: complaintDetailSchema });
}

/** Supervisors: totals, overdue, repeat complaints and the repeat rate. */
export const complaintStats = () =>
  apiRequest({ path: '/api/stats/complaints', schema: complaintStatsResponseSchema });

export const revealContact = (id: string, reason: string) =>
  apiRequest({
    path: staffPath(id, 'contact'),
    method: 'POST',
    data: { reason },
    schema: complaintContactSchema,
  });

/** A fresh attempt key (8–64 of [A-Za-z0-9_-]). */
export function newAttemptKey(): string {
  return `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

/** `POST /api/complaints/attachments` (multipart, one picture or PDF) with Taro.uploadFile. */
export async function uploadAttachment(file: { path: string; name?: string }) {
  const session = readSession();
  const header: Record<string, string> = { Accept: 'application/json' };
  if (session) header.Authorization = `Bearer ${session.accessToken}`;
  let res: { statusCode: number; data: unknown };
  try {
    res = await Taro.uploadFile({
      url: `${getBaseUrl()}/api/complaints/attachments`,
      filePath: file.path,
      name: 'file',
      ...(file.name ? { fileName: file.name } : {}),
      header,
      timeout: 60_000,
    });
  } catch {
    throw new ApiError('NETWORK_ERROR', NETWORK_ERROR_MESSAGE);
  }
  let body: unknown = res.data;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      body = undefined;
    }
  }
  if (res.statusCode < 200 || res.statusCode >= 300) {
    const envelope = errorEnvelopeSchema.safeParse(body);
    if (envelope.success)
      throw new ApiError(envelope.data.error.code, envelope.data.error.message, res.statusCode);
    throw new ApiError('HTTP_ERROR', BAD_RESPONSE_MESSAGE, res.statusCode);
  }
  const parsed = complaintUploadResponseSchema.safeParse(body);
  if (!parsed.success) throw new ApiError('BAD_RESPONSE', BAD_RESPONSE_MESSAGE, res.statusCode);
  return parsed.data;
}
