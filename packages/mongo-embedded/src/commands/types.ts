import type { Document } from 'bson';
import type { CursorRegistry } from '../cursor-registry';
import type { Logger } from '../logger';
import type { Storage } from '../storage/storage';

/** Everything a command may touch. Handlers are synchronous so each command is atomic. */
export interface CommandContext {
  storage: Storage;
  cursors: CursorRegistry;
  /** From `$db` (OP_MSG) or the OP_QUERY namespace. */
  dbName: string;
  connectionId: number;
  logger: Logger;
}

export type CommandHandler = (cmd: Document, ctx: CommandContext) => Document;

export type CommandTable = Record<string, CommandHandler>;
