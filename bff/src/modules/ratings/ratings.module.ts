import type { RateableKind } from '@app/shared';
import type { AppDeps } from '../../app-deps';
import { appointmentsOf } from '../appointments/appointments.runtime';
import { identityOf } from '../auth/identity';
import { casesOf } from '../cases/cases.module';
import { createServiceItemRepository } from '../catalog/repositories/service-item.repository';
import { onComplaintClosed } from '../complaints/complaints.module';
import { createComplaintRepository } from '../complaints/repositories/complaint.repository';
import { onConsultationAnswered } from '../consultations/consultations.module';
import { createConsultationRepository } from '../consultations/repositories/consultation.repository';
import { outboxOf } from '../notifications';
import { registerRatingModels } from './models';
import { createInvitationRepository } from './repositories/invitation.repository';
import { createRatingRepository } from './repositories/rating.repository';
import { createRatingStatsRepository } from './repositories/rating-stats.repository';
import { createEvidenceStore, createRectificationRepository } from './repositories/rectification.repository';
import { appointmentAdapter } from './services/adapters/appointment-adapter';
import { caseAdapter } from './services/adapters/case-adapter';
import { complaintAdapter } from './services/adapters/complaint-adapter';
import { consultationAdapter } from './services/adapters/consultation-adapter';
import { createFiguresService } from './services/figures.service';
import { createInvitations } from './services/invitations';
import type { RateableRegistry, RateableService } from './services/rateable';
import { ratingJobProcessor, startRatingWorker, type RatingJobDeps } from './services/rating-jobs';
import { createRatingService } from './services/rating.service';
import { createRectificationService } from './services/rectification.service';

export interface RatingsOptions {
  /** The clock (tests move it to make deadlines pass). */
  now?: () => Date;
  /** How long public figures are cached (ms). */
  cacheMs?: number;
}

/**
 * Wires 好差评 over one app's stores: the rateable kinds' adapters (case, appointment, consultation,
 * complaint; `registerRateable` adds or replaces one), ratings, rectifications,
 * figures, invitations, the jobs.
 */
export function createRatings(deps: AppDeps, options: RatingsOptions = {}) {
  const connection = deps.mongo.connection;
  registerRatingModels(connection);
  const now = options.now ?? (() => new Date());
  const identity = identityOf(deps);
  const relay = outboxOf(deps);
  relay.registerSource('rectifications');
  relay.registerSource('rating_invitations');
  const ratingsRepo = createRatingRepository(connection);
  const rectRepo = createRectificationRepository(connection);
  const stats = createRatingStatsRepository(connection);
  const items = createServiceItemRepository(connection);

  const registry: RateableRegistry = new Map();
  registry.set('case', caseAdapter(casesOf(deps).repo));
  registry.set(
    'appointment',
    appointmentAdapter({
      bookings: appointmentsOf(deps).appt.ctx.repos.bookings,
      async itemOf(code) {
        const item = await items.findByCode(code);
        return item ? { name: item.name, department: item.departmentCode } : undefined;
      },
    }),
  );

  registry.set('consultation', consultationAdapter(createConsultationRepository(connection)));
  registry.set('complaint', complaintAdapter(createComplaintRepository(connection)));

  const staffName = async (userId: string) => (await identity.users.findById(userId))?.name ?? undefined;
  const rectifications = createRectificationService({
    ratings: ratingsRepo,
    repo: rectRepo,
    evidence: createEvidenceStore(connection),
    relay,
    people: {
      staffName,
      async contact(userId) {
        const user = await identity.users.findById(userId);
        if (!user?.name) return undefined;
        return {
          name: user.name,
          ...(user.phoneEnc ? { phone: identity.vault.decrypt(user.phoneEnc) } : {}),
        };
      },
    },
    now,
    callbackWorkingDays: deps.config.ratings.callbackWorkingDays,
    rectifyWorkingDays: deps.config.ratings.rectifyWorkingDays,
  });
  const figures = createFiguresService({
    stats,
    shownComments: (itemCode, limit) =>
      ratingsRepo.list(
        { 'served.itemCode': itemCode, showComment: true, counted: true, comment: { $exists: true } },
        limit,
      ),
    rectifications,
    now,
    ...(options.cacheMs !== undefined ? { cacheMs: options.cacheMs } : {}),
  });
  const service = createRatingService({
    ratings: ratingsRepo,
    rectifications: rectRepo,
    stats,
    registry,
    openRectification: (r) => rectifications.open(r),
    now,
    windowDays: deps.config.ratings.windowDays,
    counted: (r) => figures.changed(r.served),
  });
  const invitations = createInvitations({
    repo: createInvitationRepository(connection),
    relay,
    logger: deps.logger,
    now,
  });

  const jobDeps: RatingJobDeps = {
    config: deps.config,
    logger: deps.logger,
    redis: deps.redis,
    apiBase: deps.wechat.apiBase,
    rectifications: rectRepo,
    openIdOf: async (userId) => (await identity.users.findById(userId))?.wechatOpenId ?? undefined,
    isRated: async (kind, serviceId) =>
      (await ratingsRepo.findOfService(kind as RateableKind, serviceId)).length > 0,
    now,
  };

  return {
    registry,
    repos: { ratings: ratingsRepo, rectifications: rectRepo, stats },
    service,
    rectifications,
    figures,
    invitations,
    /** Adds (or replaces) a rateable kind's adapter. */
    registerRateable(adapter: RateableService) {
      registry.set(adapter.kind, adapter);
    },
    /** One job run, as the worker would (tests drive the overdue jobs with their clock). */
    runJob: ratingJobProcessor(jobDeps),
    startWorker: () => startRatingWorker(jobDeps),
  };
}
export type Ratings = ReturnType<typeof createRatings>;

const instances = new WeakMap<object, Ratings>();

/**
 * The ratings capability of one app, made on first use. Tests pass options (a clock) to replace
 * the instance. The hooks (invitation at 办结 / check-in) look the current instance up when they fire.
 */
export function ratingsOf(deps: AppDeps, options?: RatingsOptions): Ratings {
  const existing = instances.get(deps);
  if (existing && !options) return existing;
  const ratings = createRatings(deps, options);
  if (!existing) hookServices(deps);
  instances.set(deps, ratings);
  return ratings;
}

/** The public satisfaction figures for the catalog's routes (looked up on each call: tests replace the instance). */
export function ratingsSatisfaction(deps: AppDeps) {
  return {
    ofItem: (code: string) => ratingsOf(deps).figures.ofItem(code),
    ofHall: (code: string) => ratingsOf(deps).figures.ofHall(code),
    overall: () => ratingsOf(deps).figures.overall(),
  };
}

/** Invitations when a service ends: a case at 办结, an appointment checked in, a consultation answered, a complaint at 办结. */
function hookServices(deps: AppDeps) {
  const current = () => instances.get(deps)!;
  const invite = async (kind: RateableKind, personId: string, id: string) => {
    const service = await current()
      .registry.get(kind)
      ?.findForPerson({ userId: personId, enterprises: [] } as never, id);
    if (service?.endedAt) await current().invitations.invite(service);
  };
  onConsultationAnswered(deps, (c) => invite('consultation', c.askerId, String(c._id)));
  onComplaintClosed(deps, (c) => invite('complaint', c.filerId, String(c._id)));
  casesOf(deps).onStatusChanged(async (c) => {
    if (c.status !== 'completed') return;
    const service = await current()
      .registry.get('case')!
      .findForPerson({ userId: c.applicantId, enterprises: [] } as never, String(c._id));
    if (service) await current().invitations.invite(service);
  });
  appointmentsOf(deps).appt.ctx.hooks.checkedIn = async (booking) => {
    const service = await current()
      .registry.get('appointment')!
      .findForPerson({ userId: booking.personId, enterprises: [] } as never, String(booking._id));
    if (service) await current().invitations.invite(service);
  };
}
