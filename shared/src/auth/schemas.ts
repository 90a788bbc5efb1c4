import { z } from 'zod';
import { meResponseSchema } from '../users/schemas';

/** `POST /api/auth/wechat`: the code from `wx.login` / `Taro.login`. */
export const wechatLoginRequestSchema = z.object({
  code: z.string().trim().min(1, '缺少微信登录凭证').max(128, '微信登录凭证格式不正确'),
});
export type WechatLoginRequest = z.infer<typeof wechatLoginRequestSchema>;

/** `POST /api/auth/dev-code` (development and test only): a login code from the fake WeChat server. */
export const devCodeRequestSchema = z.object({
  userKey: z.string().trim().min(1, '请输入开发登录用户名').max(64, '开发登录用户名最多 64 个字符'),
});
export type DevCodeRequest = z.infer<typeof devCodeRequestSchema>;
export const devCodeResponseSchema = z.object({ code: z.string() });
export type DevCodeResponse = z.infer<typeof devCodeResponseSchema>;

/** `POST /api/auth/staff-login`. */
export const staffLoginRequestSchema = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64, '用户名最多 64 个字符'),
  password: z.string().min(1, '请输入密码').max(256, '密码过长'),
});
export type StaffLoginRequest = z.infer<typeof staffLoginRequestSchema>;

/** `POST /api/auth/refresh`: the refresh token is single-use; the answer carries the next one. */
export const refreshRequestSchema = z.object({
  refreshToken: z.string().min(20, '刷新令牌格式不正确').max(200, '刷新令牌格式不正确'),
});
export type RefreshRequest = z.infer<typeof refreshRequestSchema>;

/** `POST /api/auth/logout` (no body): ends the session of the access token used, refresh token included. */
export const logoutResponseSchema = z.object({ ok: z.literal(true) });

/**
 * What every login and refresh answers. Send `Authorization: Bearer <accessToken>`; before
 * `accessTokenExpiresAt` (or on 401), call refresh with `refreshToken`.
 */
export const sessionResponseSchema = z.object({
  accessToken: z.string(),
  accessTokenExpiresAt: z.string().describe('ISO 8601'),
  refreshToken: z.string(),
  refreshTokenExpiresAt: z.string().describe('ISO 8601'),
  tokenType: z.literal('Bearer'),
  user: meResponseSchema,
  /**
   * Staff login only: failed password attempts on this account since its last successful login
   * (the workbench shows them once). Absent when there were none.
   */
  failedLogins: z
    .object({
      count: z.number().int(),
      lastAt: z.string().describe('ISO 8601'),
      addresses: z.number().int().describe('how many different network addresses they came from'),
    })
    .optional(),
});
export type SessionResponse = z.infer<typeof sessionResponseSchema>;
