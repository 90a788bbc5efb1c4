export * from './pagination';
export * from './text';
