import type { RateableKind } from '@app/shared';
import type { Principal } from '../../auth/access/principal';
import type { ServedRecord } from '../models/rating.model';

/**
 * One service a person may rate, as its module tells it: whose it is, whether and when it ended (the
 * rating window counts from then) and what was served (item, department, hall, window, staff).
 */
export interface RatedService {
  kind: RateableKind;
  id: string;
  /** The person who rates it (the applicant / booker / asker / complainant). */
  personId: string;
  /** Shown in lists and messages, e.g. 「不动产登记（JX-20261201-000012）」. */
  title: string;
  /** When the service was over (办结, checked in, answered, 办结); undefined while it is not. */
  endedAt?: Date;
  served: ServedRecord;
}

/**
 * A kind of rateable service, as an adapter over its module. The ratings module knows services only
 * through this interface (registered per kind in ratings.module.ts).
 */
export interface RateableService {
  kind: RateableKind;
  /**
   * The caller's service by id: undefined when it does not exist OR is not theirs (the route then
   * answers 404 either way). "Theirs" as their module says (an enterprise's members for a case).
   */
  findForPerson(person: Principal, id: string): Promise<RatedService | undefined>;
  /** The person's services that ended at or after `since` (待评价), newest first, at most `limit`. */
  endedSince(person: Principal, since: Date, limit: number): Promise<RatedService[]>;
  /**
   * Told after the service's round-1 rating is stored (again on a later tap: it must be idempotent),
   * for a module that keeps its own mark (a complaint's `ratedAt`).
   */
  rated?(service: RatedService, at: Date): Promise<void>;
}

/** The adapters by kind; a kind without one answers 409 RATING_KIND_NOT_AVAILABLE. */
export type RateableRegistry = Map<RateableKind, RateableService>;
