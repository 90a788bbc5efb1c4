export { EmbeddedMongo, type EmbeddedMongoOptions } from './server';
export type { Logger } from './logger';
export { supportedCommands } from './commands/registry';
export { engineNodeFlags } from './node-flags';
