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
  /** Things an operator should know that do not make the service unready. */
  details: z
    .object({
      /** The working-day calendar: years still provisional, and the missing-notice warning (from November 1). */
      calendar: z.object({
        provisionalYears: z.array(z.number().int()),
        warning: z.string().optional(),
      }),
    })
    .optional(),
});
export type ReadinessResponse = z.infer<typeof readinessResponseSchema>;
