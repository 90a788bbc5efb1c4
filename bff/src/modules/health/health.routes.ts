import { healthResponseSchema, readinessResponseSchema } from '@app/shared';
import { route, type RouteDef } from '../../http/route-table';
import type { HealthService } from './health.service';

export function healthRoutes(health: HealthService): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/healthz',
      summary: '进程存活检查',
      tag: 'health',
      policy: { access: 'public' },
      response: healthResponseSchema,
      handler: () => health.liveness(),
    }),
    route({
      method: 'get',
      path: '/readyz',
      summary:
        '就绪检查：MongoDB 与 Redis 均可用时 200，否则 503 并列出不可用的依赖（收到 SIGTERM 后立即 503，draining: true）',
      tag: 'health',
      policy: { access: 'public' },
      response: readinessResponseSchema,
      errors: ['503: not_ready (same body, listing what is down)'],
      raw: true,
      handler: async ({ ctx }) => {
        const readiness = await health.readiness();
        ctx.status = readiness.status === 'ready' ? 200 : 503;
        ctx.body = readiness;
      },
    }),
  ];
}
