export * from './enums';
export * from './schemas';
export * from './api';
export * from './opening-hours';
