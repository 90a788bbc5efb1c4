import type { ReadinessResponse } from '@app/shared';
import { holidayNoticeStatus } from '../calendar';

export interface Pingable {
  ping(timeoutMs?: number): Promise<boolean>;
}

export function createHealthService(deps: {
  mongo: Pingable;
  redis: Pingable;
  startedAt: number;
  /** Draining after SIGTERM: not ready at once, whatever the stores say. */
  lifecycle?: { readonly draining: boolean };
  /** The clock (tests): defaults to Date.now. */
  now?: () => number;
}) {
  const now = deps.now ?? Date.now;
  return {
    liveness() {
      return { status: 'ok' as const, uptimeSeconds: Math.round((now() - deps.startedAt) / 1000) };
    },
    /** Pings both stores in parallel; each answers within a second or counts as down. */
    async readiness(): Promise<ReadinessResponse> {
      if (deps.lifecycle?.draining) {
        return { status: 'not_ready', checks: { mongodb: 'up', redis: 'up' }, down: [], draining: true };
      }
      const [mongoUp, redisUp] = await Promise.all([deps.mongo.ping(1000), deps.redis.ping(1000)]);
      const down: ReadinessResponse['down'] = [];
      if (!mongoUp) down.push('mongodb');
      if (!redisUp) down.push('redis');
      // A missing holiday notice is reported, never a reason to be unready.
      const calendar = holidayNoticeStatus(now());
      return {
        status: down.length === 0 ? 'ready' : 'not_ready',
        checks: { mongodb: mongoUp ? 'up' : 'down', redis: redisUp ? 'up' : 'down' },
        down,
        details: {
          calendar: {
            provisionalYears: calendar.provisionalYears,
            ...(calendar.warning ? { warning: calendar.warning.message } : {}),
          },
        },
      };
    },
  };
}
export type HealthService = ReturnType<typeof createHealthService>;
