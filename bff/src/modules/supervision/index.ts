// The supervision module's public surface. Other modules' repositories import `./stats-changes`
// directly (it has no imports of its own) to avoid an import cycle through this file.
export { supervisionRoutes } from './supervision.routes';
export {
  supervisionOf,
  createSupervision,
  ROUTE_SOURCES,
  type Supervision,
  type SupervisionOptions,
} from './supervision.module';
export { STATS_SOURCES, statsChanged, onStatsChange, type StatsSource } from './stats-changes';
