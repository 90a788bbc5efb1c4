import {
  addendumRequestSchema,
  createRatingRequestSchema,
  invalidateRatingRequestSchema,
  myRatingsResponseSchema,
  pendingRatingsResponseSchema,
  ratingIdParamsSchema,
  ratingViewSchema,
  serviceRatingStateSchema,
  serviceRefParamsSchema,
  staffRatingsQuerySchema,
  staffRatingsResponseSchema,
  type Role,
} from '@app/shared';
import type { AppDeps } from '../../app-deps';
import { route, type RouteDef } from '../../http/route-table';
import { noteAudit } from '../audit/services/audit.service';
import { registerRatingModels } from './models';
import { ratingsOf } from './ratings.module';
import { rectificationsRoutes } from './rectifications.routes';

const TAG = 'ratings';
const PERSON: readonly Role[] = ['citizen', 'enterprise'];

/** 好差评: the person's routes, staff's and supervisors' lists and marks, the figures. */
export function ratingsRoutes(deps: AppDeps): RouteDef[] {
  // Registered now so the app's syncIndexes creates the unique indexes the rules rely on.
  registerRatingModels(deps.mongo.connection);
  const r = () => ratingsOf(deps);
  const ratingResource = {
    kind: 'rating',
    param: 'id',
    load: (id: string) => r().service.ownership(id),
  };
  return [
    route({
      method: 'post',
      path: '/api/ratings',
      summary:
        '评价一次服务（一次一评）：kind + id，五级、按等级的原因、评价内容（≤ 500 字）、是否公开；同时重复提交只算一次，后到的请求得到同一条评价；差评自动生成整改；整改完成后可再评价一次（整改后评价）',
      tag: TAG,
      policy: { access: 'signed-in', roles: PERSON },
      request: { body: createRatingRequestSchema },
      response: ratingViewSchema,
      status: 201,
      errors: [
        '404:NOT_FOUND',
        '409:RATING_SERVICE_NOT_OVER',
        '409:RATING_WINDOW_CLOSED',
        '409:RATING_KIND_NOT_AVAILABLE',
      ],
      handler: ({ body, auth }) => r().service.rate(auth!, body),
    }),
    route({
      method: 'get',
      path: '/api/ratings/mine',
      summary: '我的评价（含追评、整改进度）',
      tag: TAG,
      policy: { access: 'signed-in', roles: PERSON },
      response: myRatingsResponseSchema,
      handler: ({ auth }) => r().service.mine(auth!),
    }),
    route({
      method: 'get',
      path: '/api/ratings/pending',
      summary: '待评价：评价期内已结束、尚未评价的服务，以及可进行整改后评价的服务',
      tag: TAG,
      policy: { access: 'signed-in', roles: PERSON },
      response: pendingRatingsResponseSchema,
      handler: ({ auth }) => r().service.pending(auth!),
    }),
    route({
      method: 'get',
      path: '/api/ratings/services/:kind/:id',
      summary: '一项服务的评价卡片：能否评价（未结束 / 已过评价期 / 已评价）、评价期限、已有评价',
      tag: TAG,
      policy: { access: 'signed-in', roles: PERSON },
      request: { params: serviceRefParamsSchema },
      response: serviceRatingStateSchema,
      errors: ['404:NOT_FOUND', '409:RATING_KIND_NOT_AVAILABLE'],
      handler: ({ params, auth }) => r().service.serviceState(auth!, params.kind, params.id),
    }),
    route({
      method: 'post',
      path: '/api/ratings/:id/addendum',
      summary: '追评：评价后 7 天内追加一次',
      tag: TAG,
      policy: { access: 'signed-in', roles: PERSON, resource: ratingResource },
      request: { params: ratingIdParamsSchema, body: addendumRequestSchema },
      response: ratingViewSchema,
      errors: ['409:RATING_ADDENDUM_CLOSED'],
      handler: ({ params, body, auth }) => r().service.addendum(auth!, params.id, body.text),
    }),
    route({
      method: 'get',
      path: '/api/staff/ratings',
      summary:
        '工作人员：本部门的评价（scope=department）或自己经办服务的评价（scope=mine）；督查可看全部（scope=all）；不含评价人身份，评价内容脱敏',
      tag: TAG,
      policy: { access: 'signed-in', roles: ['staff', 'supervisor', 'admin'] },
      request: { query: staffRatingsQuerySchema },
      response: staffRatingsResponseSchema,
      handler: ({ query, auth }) => r().service.staffList(auth!, query),
    }),
    route({
      method: 'post',
      path: '/api/staff/ratings/:id/invalid',
      summary: '督查认定恶意差评：写明理由；评价保留不删除，不再计入统计（留痕审计）',
      tag: TAG,
      policy: { access: 'signed-in', roles: ['supervisor'], resource: ratingResource },
      request: { params: ratingIdParamsSchema, body: invalidateRatingRequestSchema },
      response: ratingViewSchema,
      errors: ['409:RATING_ALREADY_INVALID'],
      handler: async ({ params, body, auth, ctx }) => {
        const { before, view } = await r().service.markInvalid(auth!, params.id, body.reason);
        noteAudit(ctx, {
          action: 'ratings.invalid',
          target: params.id,
          before: { level: before.level, counted: before.counted },
          after: { invalid: true, reason: body.reason },
        });
        return view;
      },
    }),
    // GET /api/stats/ratings: taken over by the supervision module (督查, issue 14).
    ...rectificationsRoutes(deps),
  ];
}
