import { z } from 'zod';

export const healthResponseSchema = z.object({ status: z.literal('ok'), uptimeSeconds: z.number() });
export type HealthResponse = z.infer<typeof healthResponseSchema>;

export const dependencyStateSchema = z.enum(['up', 'down']);
export const readinessResponseSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.object({ mongodb: dependencyStateSchema, redis: dependencyStateSchema }),
  down: z.array(z.enum(['mongodb', 'redis'])),
  /** SIGTERM received: the instance finishes what it has and takes nothing new (answered 503). */
  draining: z.boolean().optional(),
});
export type ReadinessResponse = z.infer<typeof readinessResponseSchema>;
