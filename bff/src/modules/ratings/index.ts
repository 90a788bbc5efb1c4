// The ratings module's public surface: other modules import from here, not from its files.
export {
  ratingsOf,
  ratingsSatisfaction,
  createRatings,
  type Ratings,
  type RatingsOptions,
} from './ratings.module';
export { ratingsRoutes } from './ratings.routes';
export type { RateableService, RatedService } from './services/rateable';
export { RATINGS_QUEUE } from './services/rating-jobs';
