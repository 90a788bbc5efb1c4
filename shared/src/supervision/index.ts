export * from './enums';
export * from './columns';
export * from './schemas';
