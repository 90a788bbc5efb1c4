export * from './credit-code';
export * from './schemas';
