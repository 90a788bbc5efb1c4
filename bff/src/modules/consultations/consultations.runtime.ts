import type { AppDeps } from '../../app-deps';
import { consultationsOf } from './consultations.module';
import { seedDemoConsultations } from './demo/seed-demo';

/**
 * What runs beside the HTTP server for consultations: the demo data (outside production, on an empty
 * database) and the queue's worker (overdue marks, subscribe messages). bootstrap.ts starts it
 * outside tests; `close()` before closing the stores.
 */
export async function startConsultationsBackground(deps: AppDeps, options: { seedDemo?: boolean } = {}) {
  if (options.seedDemo && !deps.config.isProduction) {
    await seedDemoConsultations(deps).catch((err: Error) =>
      deps.logger.error({ err }, 'consultations: demo data not seeded'),
    );
  }
  return consultationsOf(deps).startWorker();
}
