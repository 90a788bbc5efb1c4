import type { Document } from 'bson';
import { MongoCommandError, toCommandError } from '../errors';
import { aggregateCommands } from './aggregate';
import { collectionCommands } from './collections';
import { deleteCommands } from './delete';
import { findCommands } from './find';
import { findAndModifyCommands } from './find-and-modify';
import { handshakeCommands } from './handshake';
import { indexCommands } from './indexes';
import { insertCommands } from './insert';
import { updateCommands } from './update';
import { checkCommandFields } from './options';
import type { CommandContext, CommandHandler } from './types';

const COMMANDS = new Map<string, CommandHandler>(
  Object.entries({
    ...handshakeCommands,
    ...insertCommands,
    ...findCommands,
    ...updateCommands,
    ...deleteCommands,
    ...findAndModifyCommands,
    ...aggregateCommands,
    ...collectionCommands,
    ...indexCommands,
  }),
);

/** Commands that change data (aggregate checks for itself when it has `$out` / `$merge`). */
const WRITE_COMMANDS = new Set([
  'insert',
  'update',
  'delete',
  'findAndModify',
  'findandmodify',
  'create',
  'drop',
  'dropDatabase',
  'createIndexes',
  'dropIndexes',
]);

export function supportedCommands(): string[] {
  return Array.from(COMMANDS.keys());
}

/**
 * Runs one command to completion (synchronously, hence atomically) and always returns a
 * reply document: failures become `{ok: 0, errmsg, code, codeName}` like mongod's.
 */
export function runCommand(cmd: Document, ctx: CommandContext): Document {
  const name = Object.keys(cmd)[0] ?? '';
  try {
    rejectTransactions(cmd);
    const handler = COMMANDS.get(name);
    if (!handler) throw new MongoCommandError('CommandNotFound', `no such command: '${name}'`);
    checkCommandFields(name, cmd);
    // A journal that cannot write refuses writes before they change anything.
    if (WRITE_COMMANDS.has(name)) ctx.storage.writeGate();
    return handler(cmd, ctx);
  } catch (err) {
    const error = toCommandError(err);
    if (error.codeName === 'InternalError') ctx.logger.warn(`command ${name} failed: ${error.message}`);
    return error.toReply();
  }
}

/** A standalone mongod has no transactions; the driver surfaces this exact error to the app. */
function rejectTransactions(cmd: Document): void {
  if (cmd.startTransaction || cmd.autocommit === false) {
    throw new MongoCommandError(
      'IllegalOperation',
      'Transaction numbers are only allowed on a replica set member or mongos',
    );
  }
}
