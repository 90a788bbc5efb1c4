// Notifications: WeChat subscribe messages and the BullMQ plumbing shared by modules that notify people.
export {
  createSubscribeSender,
  SubscribeSendError,
  clip,
  REFUSED_CODE,
  TOKEN_INVALID_CODES,
  type SubscribeMessage,
  type SubscribeSender,
  type SendOutcome,
} from './subscribe-sender';
export { bullPrefix, workerConnection, closeConnection } from './bullmq';
export { outboxOf } from './notifications.module';
export { sendNow, schedule, cancel, pushOutbox } from './outbox/outbox-entries';
export { withOutbox, type OutboxEntryRecord } from './models/outbox-entry.model';
export type { OutboxRelay } from './outbox/outbox-relay';
