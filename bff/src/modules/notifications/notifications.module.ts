import type { AppDeps } from '../../app-deps';
import { createOutboxRelay, type OutboxRelay } from './outbox/outbox-relay';

export type NotificationsDeps = Pick<AppDeps, 'logger' | 'mongo' | 'redis'>;

const relays = new WeakMap<object, OutboxRelay>();

/** The outbox relay of one app (one set of deps): every module registers its queues and collections on it. */
export function outboxOf(deps: NotificationsDeps): OutboxRelay {
  let relay = relays.get(deps);
  if (!relay) {
    relay = createOutboxRelay({ connection: deps.mongo.connection, redis: deps.redis, logger: deps.logger });
    relays.set(deps, relay);
  }
  return relay;
}
