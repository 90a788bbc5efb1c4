import {
  consultationDetailSchema,
  consultationListResponseSchema,
  faqEntrySchema,
  faqSearchResponseSchema,
  staffFaqListSchema,
  uploadPictureResponseSchema,
  type AskConsultationRequest,
  type ConsultationDetail,
  type ConsultationListResponse,
  type ConsultationStatus,
  type FaqEntry,
  type FaqSearchResponse,
  type FaqStatus,
} from '@app/shared';
import Taro from '@tarojs/taro';
import { z } from 'zod';
import { ApiError, apiRequest, getBaseUrl } from './api-client';
import { readSession } from './auth';
import { sendFile, sendFileWithRefresh } from './cases';

// 咨询 and 常见问题 (capability `consultations`): the routes of bff/src/modules/consultations.

const enc = encodeURIComponent;
const path = (id: string, tail = '') => `/api/consultations/${enc(id)}${tail}`;
const staffPath = (id: string, tail: string) => `/api/staff/consultations/${enc(id)}${tail}`;
const post = (p: string, data: unknown = {}) =>
  apiRequest({ path: p, method: 'POST', data, schema: consultationDetailSchema });

/** `POST /api/consultations` with the page's `Idempotency-Key` (a retry makes no second one). */
export function askConsultation(
  body: AskConsultationRequest,
  idempotencyKey: string,
): Promise<ConsultationDetail> {
  return apiRequest({
    path: '/api/consultations',
    method: 'POST',
    data: body,
    headers: { 'Idempotency-Key': idempotencyKey },
    schema: consultationDetailSchema,
  });
}

export function uploadPicture(id: string, file: { path: string; name?: string }) {
  return sendFileWithRefresh(() =>
    sendFile(path(id, '/pictures'), file.path, file.name, {}, uploadPictureResponseSchema),
  );
}

export function listMyConsultations(
  q: { status?: ConsultationStatus; page?: number; pageSize?: number } = {},
): Promise<ConsultationListResponse> {
  return apiRequest({ path: '/api/consultations/mine', query: q, schema: consultationListResponseSchema });
}

export const getConsultation = (id: string) =>
  apiRequest({ path: path(id), schema: consultationDetailSchema });
export const followUp = (id: string, question: string) => post(path(id, '/follow-up'), { question });
export const provideInfo = (id: string, text: string) => post(path(id, '/info'), { text });
/**
 * A consultation picture (behind the consultation's access policy, so downloaded with the bearer header,
 * as case material files are): the local temp path, for a thumbnail and the image viewer.
 */
export async function downloadPicture(picture: { url: string }): Promise<string> {
  const session = readSession();
  const res = await Taro.downloadFile({
    url: `${getBaseUrl()}${picture.url}`,
    header: session ? { Authorization: `Bearer ${session.accessToken}` } : {},
  });
  if (res.statusCode !== 200) {
    throw new ApiError(
      res.statusCode === 404 ? 'CONSULTATION_FILE_NOT_FOUND' : 'INTERNAL',
      '图片加载失败',
      res.statusCode,
    );
  }
  return res.tempFilePath;
}

export const resolveConsultation = (id: string) => post(path(id, '/resolve'));

// ---------- staff ----------

export function listStaffConsultations(
  q: { status?: ConsultationStatus; item?: string; overdue?: boolean; page?: number; pageSize?: number } = {},
): Promise<ConsultationListResponse> {
  return apiRequest({
    path: '/api/staff/consultations',
    query: { ...q, overdue: q.overdue === undefined ? undefined : String(q.overdue) },
    schema: consultationListResponseSchema,
  });
}

export const claimConsultation = (id: string, version?: number) =>
  post(staffPath(id, '/claim'), version !== undefined ? { version } : {});
export const answerConsultation = (id: string, text: string, links: string[], version?: number) =>
  post(staffPath(id, '/answer'), { text, links, ...(version !== undefined ? { version } : {}) });
export const transferConsultation = (id: string, department: string, reason: string) =>
  post(staffPath(id, '/transfer'), { department, reason });
export const requestInfo = (id: string, text: string) => post(staffPath(id, '/request-info'), { text });
export const closeDuplicate = (id: string, duplicateOf: string) =>
  post(staffPath(id, '/close-duplicate'), { duplicateOf });

// ---------- FAQ ----------

export function searchFaq(q: {
  q?: string;
  item?: string;
  department?: string;
  limit?: number;
}): Promise<FaqSearchResponse> {
  return apiRequest({ path: '/api/faq', query: q, schema: faqSearchResponseSchema, auth: false });
}

export const getFaq = (id: string): Promise<FaqEntry> =>
  apiRequest({ path: `/api/faq/${enc(id)}`, schema: faqEntrySchema });

export const voteFaq = (id: string, helpful: boolean): Promise<FaqEntry> =>
  apiRequest({ path: `/api/faq/${enc(id)}/vote`, method: 'POST', data: { helpful }, schema: faqEntrySchema });

export const answeredBeforeAsking = (body: { faqId?: string; itemCode?: string }) =>
  apiRequest({
    path: '/api/faq/answered-before-asking',
    method: 'POST',
    data: body,
    schema: z.object({ answeredBeforeAsking: z.number() }),
  });

export function publishFaq(body: {
  question: string;
  answer: string;
  items: string[];
  departments: string[];
  consultationId?: string;
  confirmNoPersonalData: true;
  publish: boolean;
}): Promise<FaqEntry> {
  return apiRequest({ path: '/api/faq', method: 'POST', data: body, schema: faqEntrySchema });
}

// ---------- FAQ management (staff) ----------

export type StaffFaqList = z.infer<typeof staffFaqListSchema>;

/** `GET /api/staff/faq`: the entries of the staff's department (and those they wrote). */
export function listStaffFaq(
  q: { status?: FaqStatus; page?: number; pageSize?: number } = {},
): Promise<StaffFaqList> {
  return apiRequest({ path: '/api/staff/faq', query: q, schema: staffFaqListSchema });
}

/** `PUT /api/faq/:id`: new text (with the no-personal-data confirmation), items and departments. */
export const updateFaq = (
  id: string,
  body: { question: string; answer: string; items: string[]; departments: string[] },
): Promise<FaqEntry> =>
  apiRequest({
    path: `/api/faq/${enc(id)}`,
    method: 'PUT',
    data: { ...body, confirmNoPersonalData: true },
    schema: faqEntrySchema,
  });

/** `POST /api/faq/:id/publish` or `/unpublish`. */
export const setFaqPublished = (id: string, published: boolean): Promise<FaqEntry> =>
  apiRequest({
    path: `/api/faq/${enc(id)}/${published ? 'publish' : 'unpublish'}`,
    method: 'POST',
    data: {},
    schema: faqEntrySchema,
  });
