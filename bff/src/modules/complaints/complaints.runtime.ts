import type { AppDeps } from '../../app-deps';
import { complaintsOf } from './complaints.module';
import { seedDemoComplaints } from './demo/seed-demo';

/**
 * What runs beside the HTTP server: demo accounts and complaints (outside production, on an empty
 * collection) and the worker of the `complaints` queue (80% warnings, overdue flags, subscribe
 * messages). bootstrap.ts starts it outside tests; `close()` before closing the stores.
 */
export async function startComplaintsBackground(deps: AppDeps, options: { seedDemo?: boolean } = {}) {
  if (options.seedDemo) await seedDemoComplaints(deps);
  const worker = complaintsOf(deps, { templateId: deps.config.wechat.templates.caseStatus }).startWorker();
  return { close: () => worker.close() };
}
