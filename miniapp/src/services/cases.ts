import Taro from '@tarojs/taro';
import {
  caseApplicantIdentitySchema,
  type CaseApplicantIdentity,
  ERROR_CODES,
  caseDetailSchema,
  caseListResponseSchema,
  errorEnvelopeSchema,
  progressQueryResponseSchema,
  uploadMaterialResponseSchema,
  type AcceptRequest,
  type CaseDetail,
  type CaseListResponse,
  type CaseOutcome,
  type CaseStatus,
  type ChooseDeliveryRequest,
  type CorrectionItem,
  type CreateCaseRequest,
  type DeliverRequest,
  type PrereviewRequest,
  type ProgressQueryRequest,
  type ProgressQueryResponse,
  type UpdateTaskRequest,
} from '@app/shared';
import type { z } from 'zod';
import { ApiError, NETWORK_ERROR_MESSAGE, BAD_RESPONSE_MESSAGE, apiRequest, getBaseUrl } from './api-client';
import { readSession, refreshSession } from './auth';

// 办件进度 (capability `cases`): the routes of bff/src/modules/cases/cases.routes.ts.

const enc = encodeURIComponent;
const casePath = (id: string, tail = '') => `/api/cases/${enc(id)}${tail}`;
const post = (path: string, data: unknown = {}) =>
  apiRequest({ path, method: 'POST', data, schema: caseDetailSchema });

// ---------- applicant ----------

/** `POST /api/cases`: applies for an item (for oneself, or for a bound enterprise). */
export function applyCase(body: CreateCaseRequest): Promise<CaseDetail> {
  return post('/api/cases', body);
}

export function listMyCases(
  q: { status?: CaseStatus; party?: string; page?: number; pageSize?: number } = {},
): Promise<CaseListResponse> {
  return apiRequest({ path: '/api/cases', query: q, schema: caseListResponseSchema });
}

/** `GET /api/enterprises/:id/cases`: every member's cases for the enterprise, overdue first. */
export function listEnterpriseCases(
  enterpriseId: string,
  q: { status?: CaseStatus; page?: number; pageSize?: number } = {},
): Promise<CaseListResponse> {
  return apiRequest({
    path: `/api/enterprises/${enc(enterpriseId)}/cases`,
    query: q,
    schema: caseListResponseSchema,
  });
}

export function getCase(id: string): Promise<CaseDetail> {
  return apiRequest({ path: casePath(id), schema: caseDetailSchema });
}

export const withdrawCase = (id: string, reason?: string) =>
  post(casePath(id, '/withdraw'), reason ? { reason } : {});
export const resubmitCase = (id: string, note?: string) =>
  post(casePath(id, '/resubmit'), note ? { note } : {});
export const waiveMaterial = (id: string, index: number) => post(casePath(id, '/materials/waive'), { index });

export function chooseDelivery(id: string, body: ChooseDeliveryRequest): Promise<CaseDetail> {
  return apiRequest({ path: casePath(id, '/delivery'), method: 'PUT', data: body, schema: caseDetailSchema });
}

/** `POST /api/cases/progress` (public, no login): status and a masked timeline. */
export function queryProgress(body: ProgressQueryRequest): Promise<ProgressQueryResponse> {
  return apiRequest({
    path: '/api/cases/progress',
    method: 'POST',
    data: body,
    schema: progressQueryResponseSchema,
    auth: false,
  });
}

// ---------- uploads (multipart: Taro.request cannot send files) ----------

export type UploadResult = z.output<typeof uploadMaterialResponseSchema>;

function uploadError(status: number, raw: unknown): ApiError {
  let body: unknown = raw;
  if (typeof raw === 'string') {
    try {
      body = JSON.parse(raw);
    } catch {
      body = undefined;
    }
  }
  const envelope = errorEnvelopeSchema.safeParse(body);
  if (envelope.success) {
    const { code, message, details, requestId } = envelope.data.error;
    const { fields, ...rest } = details ?? {};
    return new ApiError(code, message, status, {
      fields,
      requestId,
      details: Object.keys(rest).length ? rest : undefined,
    });
  }
  if (status === 413)
    return new ApiError('CASE_FILE_TOO_LARGE', ERROR_CODES.CASE_FILE_TOO_LARGE.message, status);
  if (status >= 500)
    return new ApiError('SERVICE_UNAVAILABLE', ERROR_CODES.SERVICE_UNAVAILABLE.message, status);
  return new ApiError('HTTP_ERROR', ERROR_CODES.INTERNAL.message, status);
}

async function sendUpload(id: string, index: number, filePath: string, fileName?: string) {
  return sendMultipart(
    casePath(id, '/materials'),
    { index: String(index) },
    filePath,
    fileName,
    uploadMaterialResponseSchema,
  );
}

/** `sendMultipart` in the argument order consultation pictures use. */
export function sendFile<T extends z.ZodTypeAny>(
  path: string,
  filePath: string,
  fileName: string | undefined,
  formData: Record<string, string>,
  schema: T,
): Promise<z.output<T>> {
  return sendMultipart(path, formData, filePath, fileName, schema);
}

/** One multipart upload (`file` + short fields) with the bearer header; shared with the enterprise licence and consultation pictures. */
async function sendMultipart<T extends z.ZodTypeAny>(
  path: string,
  formData: Record<string, string>,
  filePath: string,
  fileName: string | undefined,
  schema: T,
): Promise<z.output<T>> {
  const session = readSession();
  const header: Record<string, string> = { Accept: 'application/json' };
  if (session) header.Authorization = `Bearer ${session.accessToken}`;
  let res: { statusCode: number; data: unknown };
  try {
    res = await Taro.uploadFile({
      url: `${getBaseUrl()}${path}`,
      filePath,
      name: 'file',
      ...(fileName ? { fileName } : {}),
      formData,
      header,
      timeout: 60_000,
    });
  } catch {
    throw new ApiError('NETWORK_ERROR', NETWORK_ERROR_MESSAGE);
  }
  if (res.statusCode < 200 || res.statusCode >= 300) throw uploadError(res.statusCode, res.data);
  let body: unknown = res.data;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      throw new ApiError('BAD_RESPONSE', BAD_RESPONSE_MESSAGE, res.statusCode);
    }
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiError('BAD_RESPONSE', BAD_RESPONSE_MESSAGE, res.statusCode);
  return parsed.data as z.output<T>;
}

/** Multipart upload to `path`; a 401 refreshes the session once and sends again. */
export async function uploadFileTo<T extends z.ZodTypeAny>(
  path: string,
  file: { path: string; name?: string },
  schema: T,
  formData: Record<string, string> = {},
): Promise<z.output<T>> {
  try {
    return await sendMultipart(path, formData, file.path, file.name, schema);
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401 || err.code !== 'UNAUTHENTICATED') throw err;
    if ((await refreshSession()) !== 'ok') throw err;
    return sendMultipart(path, formData, file.path, file.name, schema);
  }
}

/** `sendFile` again after one session refresh when the first attempt answered 401. */
export async function sendFileWithRefresh<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401 || err.code !== 'UNAUTHENTICATED') throw err;
    if ((await refreshSession()) !== 'ok') throw err;
    return send();
  }
}

/**
 * `POST /api/cases/:id/materials` (multipart: `index`, `file`) with `Taro.uploadFile` and the same bearer
 * header as every request; a 401 refreshes the session once and sends again.
 */
export async function uploadMaterial(
  id: string,
  index: number,
  file: { path: string; name?: string },
): Promise<UploadResult> {
  return sendFileWithRefresh(() => sendUpload(id, index, file.path, file.name));
}

/** A file the person picked, before it is uploaded. */
export interface PickedFile {
  path: string;
  name: string;
  size: number;
  kind: 'image' | 'pdf';
}

const MAX_BYTES = 5 * 1024 * 1024;
export const FILE_TOO_LARGE_MESSAGE = ERROR_CODES.CASE_FILE_TOO_LARGE.message;

/**
 * Picks one picture (camera or album) or, in WeChat, a PDF from a chat (chooseMessageFile). H5 opens
 * the browser's file input for pictures. Resolves undefined when the person cancels.
 */
export async function pickMaterialFile(): Promise<PickedFile | undefined> {
  let kind: 'image' | 'pdf' = 'image';
  if (process.env.TARO_ENV === 'weapp') {
    try {
      const sheet = await Taro.showActionSheet({ itemList: ['拍照或从相册选择图片', '从聊天记录选择 PDF'] });
      kind = sheet.tapIndex === 1 ? 'pdf' : 'image';
    } catch {
      return undefined;
    }
  }
  try {
    if (kind === 'pdf') {
      const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['pdf'] });
      const f = res.tempFiles[0];
      if (!f) return undefined;
      return { path: f.path, name: f.name || 'material.pdf', size: f.size, kind: 'pdf' };
    }
    const res = await Taro.chooseImage({
      count: 1,
      sizeType: ['compressed'],
      sourceType: ['album', 'camera'],
    });
    const f = res.tempFiles[0];
    const path = f?.path ?? res.tempFilePaths[0];
    if (!path) return undefined;
    const original = (f as { originalFileObj?: { name?: string } } | undefined)?.originalFileObj;
    const ext = /\.png($|\?)/i.test(path) || original?.name?.toLowerCase().endsWith('.png') ? 'png' : 'jpg';
    return { path, name: original?.name || `material.${ext}`, size: f?.size ?? 0, kind: 'image' };
  } catch {
    return undefined;
  }
}

export function isTooLarge(file: PickedFile): boolean {
  return file.size > MAX_BYTES;
}

/**
 * Opens an uploaded file (behind the case's access policy, so with the bearer header): pictures in the
 * image viewer, PDFs with the document viewer (weapp).
 */
export async function openMaterialFile(file: { url: string; contentType: string }): Promise<void> {
  const session = readSession();
  const res = await Taro.downloadFile({
    url: `${getBaseUrl()}${file.url}`,
    header: session ? { Authorization: `Bearer ${session.accessToken}` } : {},
  });
  if (res.statusCode !== 200) throw uploadError(res.statusCode, undefined);
  if (file.contentType.startsWith('image/')) {
    await Taro.previewImage({ urls: [res.tempFilePath], current: res.tempFilePath });
  } else if (process.env.TARO_ENV === 'h5') {
    // H5 has no document viewer: the browser's own PDF viewer (a blob: URL of the download).
    window.open(res.tempFilePath, '_blank');
  } else {
    await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'pdf' });
  }
}

// ---------- staff ----------

export type StaffQueue = 'prereview' | 'working' | 'tasks' | 'delivery';

export function staffCases(queue: StaffQueue, page = 1, pageSize = 20): Promise<CaseListResponse> {
  return apiRequest({
    path: '/api/staff/cases',
    query: { queue, sort: 'deadline', page, pageSize },
    schema: caseListResponseSchema,
  });
}

export const prereviewCase = (id: string, body: PrereviewRequest) => post(casePath(id, '/prereview'), body);
export const requestCorrection = (id: string, items: CorrectionItem[], note?: string) =>
  post(casePath(id, '/correction'), { items, ...(note ? { note } : {}) });
export const acceptCase = (id: string, body: AcceptRequest = {}) => post(casePath(id, '/accept'), body);
export const rejectCase = (id: string, legalReason: string) => post(casePath(id, '/reject'), { legalReason });
export const startCase = (id: string) => post(casePath(id, '/start'), {});
export const completeCase = (id: string, outcome: CaseOutcome, note?: string) =>
  post(casePath(id, '/complete'), { outcome, ...(note ? { note } : {}) });
export const deliverCase = (id: string, body: DeliverRequest) => post(casePath(id, '/deliver'), body);
export const recordTrip = (id: string, note?: string) => post(casePath(id, '/trips'), note ? { note } : {});

/** The applicant's full name and ID last 4 (staff of the case; every call is audited). */
export function revealApplicant(id: string): Promise<CaseApplicantIdentity> {
  return apiRequest({
    path: casePath(id, '/applicant-identity'),
    method: 'POST',
    data: {},
    schema: caseApplicantIdentitySchema,
  });
}

export function getTaskCase(taskId: string): Promise<CaseDetail> {
  return apiRequest({ path: `/api/staff/case-tasks/${enc(taskId)}`, schema: caseDetailSchema });
}
export const updateTask = (taskId: string, body: UpdateTaskRequest) =>
  post(`/api/staff/case-tasks/${enc(taskId)}`, body);

/** 409 CONFLICT (or any 409): the case moved under our feet. */
export const STALE_MESSAGE = '该办件状态已变化，请刷新';
export function isStale(err: unknown): boolean {
  return err instanceof ApiError && err.status === 409 && err.code === 'CONFLICT';
}
