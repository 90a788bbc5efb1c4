import type { OutboxRelay } from '../../notifications';
import { sendNow } from '../../notifications';
import type { InvitationRepository } from '../repositories/invitation.repository';
import type { RatedService } from './rateable';
import { RATINGS_QUEUE } from './rating-jobs';

/**
 * Invitation to rate (订阅消息) when a service ends: one per service (the invitation's id is
 * `<kind>:<serviceId>`), the message written with it as an outbox entry and relayed. Never throws:
 * the service's own change is already stored.
 */
export function createInvitations(deps: {
  repo: InvitationRepository;
  relay: Pick<OutboxRelay, 'relay'>;
  logger: { error(obj: object, msg: string): void };
  now: () => Date;
}) {
  return {
    async invite(service: RatedService): Promise<void> {
      try {
        const id = await deps.repo.insertOnce({
          kind: service.kind,
          serviceId: service.id,
          personId: service.personId,
          title: service.title,
          at: deps.now(),
          outbox: [
            sendNow(RATINGS_QUEUE, 'invite', {
              kind: service.kind,
              serviceId: service.id,
              personId: service.personId,
              title: service.title,
            }),
          ],
        });
        if (id) await deps.relay.relay('rating_invitations', id);
      } catch (err) {
        deps.logger.error({ err, kind: service.kind, id: service.id }, 'rating invitation not written');
      }
    },
  };
}
export type Invitations = ReturnType<typeof createInvitations>;
