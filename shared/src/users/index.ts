export * from './personal-data';
export * from './schemas';
