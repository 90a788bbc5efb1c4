import Taro from '@tarojs/taro';
import {
  errorEnvelopeSchema,
  myRatingsResponseSchema,
  pendingRatingsResponseSchema,
  rectificationContactSchema,
  rectificationListResponseSchema,
  rectificationViewSchema,
  ratingViewSchema,
  serviceRatingStateSchema,
  uploadEvidenceResponseSchema,
  type CallbackRequest,
  type CreateRatingRequest,
  type RateableKind,
  type RectificationStatus,
  type RectifyRequest,
} from '@app/shared';
import { ApiError, BAD_RESPONSE_MESSAGE, NETWORK_ERROR_MESSAGE, apiRequest, getBaseUrl } from './api-client';
import { readSession, refreshSession } from './auth';

// 好差评 and 整改 (capability `ratings`): the routes of bff/src/modules/ratings.

const enc = encodeURIComponent;
const rect = (id: string, tail = '') => `/api/staff/rectifications/${enc(id)}${tail}`;

export const getServiceRating = (kind: RateableKind, id: string) =>
  apiRequest({ path: `/api/ratings/services/${enc(kind)}/${enc(id)}`, schema: serviceRatingStateSchema });

export const rateService = (body: CreateRatingRequest) =>
  apiRequest({ path: '/api/ratings', method: 'POST', data: body, schema: ratingViewSchema });

export const addAddendum = (ratingId: string, text: string) =>
  apiRequest({
    path: `/api/ratings/${enc(ratingId)}/addendum`,
    method: 'POST',
    data: { text },
    schema: ratingViewSchema,
  });

export const listPendingRatings = () =>
  apiRequest({ path: '/api/ratings/pending', schema: pendingRatingsResponseSchema });
export const listMyRatings = () => apiRequest({ path: '/api/ratings/mine', schema: myRatingsResponseSchema });

// ---------- staff: 整改 ----------

export const listRectifications = (q: { status?: RectificationStatus; overdue?: 'true' } = {}) =>
  apiRequest({ path: '/api/staff/rectifications', query: q, schema: rectificationListResponseSchema });
export const getRectification = (id: string) =>
  apiRequest({ path: rect(id), schema: rectificationViewSchema });
export const claimRectification = (id: string) =>
  apiRequest({ path: rect(id, '/claim'), method: 'POST', data: {}, schema: rectificationViewSchema });
export const rectificationContact = (id: string) =>
  apiRequest({ path: rect(id, '/contact'), method: 'POST', data: {}, schema: rectificationContactSchema });
export const recordCallback = (id: string, body: CallbackRequest) =>
  apiRequest({ path: rect(id, '/callback'), method: 'POST', data: body, schema: rectificationViewSchema });
export const recordRectification = (id: string, body: RectifyRequest) =>
  apiRequest({ path: rect(id, '/rectify'), method: 'POST', data: body, schema: rectificationViewSchema });

async function sendEvidence(id: string, filePath: string, fileName?: string) {
  const session = readSession();
  const header: Record<string, string> = session ? { Authorization: `Bearer ${session.accessToken}` } : {};
  let res: Taro.uploadFile.SuccessCallbackResult;
  try {
    res = await Taro.uploadFile({
      url: `${getBaseUrl()}${rect(id, '/evidence')}`,
      filePath,
      name: 'file',
      ...(fileName ? { fileName } : {}),
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
      throw new ApiError('BAD_RESPONSE', BAD_RESPONSE_MESSAGE, res.statusCode);
    }
  }
  if (res.statusCode < 200 || res.statusCode >= 300) {
    const envelope = errorEnvelopeSchema.safeParse(body);
    if (envelope.success)
      throw new ApiError(envelope.data.error.code, envelope.data.error.message, res.statusCode);
    throw new ApiError('BAD_RESPONSE', BAD_RESPONSE_MESSAGE, res.statusCode);
  }
  const parsed = uploadEvidenceResponseSchema.safeParse(body);
  if (!parsed.success) throw new ApiError('BAD_RESPONSE', BAD_RESPONSE_MESSAGE, res.statusCode);
  return parsed.data;
}

/** `POST …/evidence` (multipart `file`), same rules as case materials; a 401 refreshes once. */
export async function uploadEvidence(id: string, file: { path: string; name?: string }) {
  try {
    return await sendEvidence(id, file.path, file.name);
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401) throw err;
    if ((await refreshSession()) !== 'ok') throw err;
    return sendEvidence(id, file.path, file.name);
  }
}
