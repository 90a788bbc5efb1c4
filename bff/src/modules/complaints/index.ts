// The complaints module's public surface: other modules import from here, not from its files.
export { complaintsOf, createComplaints, type Complaints, type ComplaintsDeps } from './complaints.module';
export { complaintsRoutes } from './complaints.routes';
export { COMPLAINT_QUEUE } from './services/complaint-deadlines';
