// The cases module's public surface: other modules import from here, not from its files.
export { casesOf, createCases, type Cases, type CasesDeps, type CasesOptions } from './cases.module';
export { casesRoutes } from './cases.routes';
export type { CaseService, StaffActor } from './services/case.service';
export { TRANSITIONS, type Transition } from './services/case-state-machine';
export { startCaseNotificationWorker, CASE_NOTIFICATION_QUEUE } from './services/case-notifications';
export { readUpload, type MultipartUpload } from './http/multipart';
export type { DetectedFile } from './services/file-type';
