import { meResponseSchema, type MeResponse, type RealNameProfileRequest } from '@app/shared';
import { apiRequest } from './api-client';

/** `GET /api/me`: the owner's own profile (full ID number and phone, plus masked copies for display). */
export function getMe(): Promise<MeResponse> {
  return apiRequest({ path: '/api/me', schema: meResponseSchema });
}

/** `PUT /api/me/profile`: the real-name profile (实名信息). */
export function saveRealNameProfile(body: RealNameProfileRequest): Promise<MeResponse> {
  return apiRequest({ path: '/api/me/profile', method: 'PUT', data: body, schema: meResponseSchema });
}
