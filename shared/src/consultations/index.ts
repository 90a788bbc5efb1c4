export * from './enums';
export * from './schemas';
export * from './faq';
