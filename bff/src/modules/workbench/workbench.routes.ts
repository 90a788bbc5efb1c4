import { workbenchCountsSchema } from '@app/shared';
import type { AppDeps } from '../../app-deps';
import { route, type RouteDef } from '../../http/route-table';
import { workbenchCounts } from './services/counts.service';

/** 工作台: the counts behind the tiles' badges. */
export function workbenchRoutes(deps: AppDeps): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/api/staff/workbench/counts',
      summary:
        '工作台角标：待预审、超期办件、今日待签到、待答复咨询、待派单投诉、待整改（按本人部门、大厅、职责统计）',
      tag: 'workbench',
      policy: { access: 'signed-in', roles: ['staff', 'supervisor'] },
      response: workbenchCountsSchema,
      handler: ({ auth }) => workbenchCounts(deps, auth!),
    }),
  ];
}
