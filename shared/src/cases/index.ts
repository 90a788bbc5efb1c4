export * from './enums';
export * from './schemas';
export * from './applicant-kind';
