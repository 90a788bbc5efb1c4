import type { Document } from 'bson';
import { MongoCommandError } from '../errors';

/** Fields every command may carry (sessions, concerns, API version, comments, timeouts). */
const GENERIC = [
  '$db',
  'lsid',
  'txnNumber',
  '$clusterTime',
  '$readPreference',
  '$audit',
  '$client',
  'writeConcern',
  'readConcern',
  'comment',
  'maxTimeMS',
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
  'autocommit',
  'startTransaction',
  'signature',
  'mayBypassWriteBlocking',
];

/** The fields of each CRUD command, as MongoDB 7.0 defines them. */
const FIELDS: Record<string, string[]> = {
  find: [
    'find',
    'filter',
    'projection',
    'sort',
    'hint',
    'skip',
    'limit',
    'batchSize',
    'singleBatch',
    'max',
    'min',
    'returnKey',
    'showRecordId',
    'tailable',
    'oplogReplay',
    'noCursorTimeout',
    'awaitData',
    'allowPartialResults',
    'collation',
    'allowDiskUse',
    'let',
    'readOnce',
    'term',
  ],
  insert: ['insert', 'documents', 'ordered', 'bypassDocumentValidation'],
  update: ['update', 'updates', 'ordered', 'bypassDocumentValidation', 'let'],
  delete: ['delete', 'deletes', 'ordered', 'let'],
  findAndModify: [
    'findAndModify',
    'query',
    'sort',
    'remove',
    'update',
    'new',
    'fields',
    'upsert',
    'bypassDocumentValidation',
    'collation',
    'arrayFilters',
    'hint',
    'let',
  ],
  findandmodify: [
    'findandmodify',
    'query',
    'sort',
    'remove',
    'update',
    'new',
    'fields',
    'upsert',
    'bypassDocumentValidation',
    'collation',
    'arrayFilters',
    'hint',
    'let',
  ],
  aggregate: [
    'aggregate',
    'pipeline',
    'explain',
    'allowDiskUse',
    'cursor',
    'bypassDocumentValidation',
    'collation',
    'hint',
    'let',
    'fromMongos',
    'needsMerge',
    'isMapReduceCommand',
  ],
  count: ['count', 'query', 'limit', 'skip', 'hint', 'collation', 'fields'],
  distinct: ['distinct', 'key', 'query', 'collation', 'hint'],
  getMore: ['getMore', 'collection', 'batchSize', 'term', 'lastKnownCommittedOpTime'],
  createIndexes: [
    'createIndexes',
    'indexes',
    'commitQuorum',
    'ignoreUnknownIndexOptions',
    'isTimeseriesNamespace',
  ],
};

/** Statement fields inside `updates` / `deletes`. */
const UPDATE_STATEMENT = new Set([
  'q',
  'u',
  'upsert',
  'multi',
  'arrayFilters',
  'hint',
  'collation',
  'sort',
  'c',
  'upsertSupplied',
]);
const DELETE_STATEMENT = new Set(['q', 'limit', 'hint', 'collation']);

/** Known options whose behaviour this engine does not have: refused, never silently ignored. */
const NOT_IMPLEMENTED: Record<string, string[]> = {
  find: ['max', 'min', 'returnKey', 'showRecordId', 'tailable', 'awaitData'],
};

const ALLOWED = new Map(
  Object.entries(FIELDS).map(([name, fields]) => [name, new Set([...fields, ...GENERIC])]),
);

/**
 * Refuses a CRUD command carrying a field MongoDB does not know (error 40415, as mongod answers),
 * or one it knows but this engine does not implement (error 238 NotImplemented, naming it).
 */
export function checkCommandFields(name: string, cmd: Document): void {
  const allowed = ALLOWED.get(name);
  if (!allowed) return;
  for (const field of Object.keys(cmd)) {
    if (!allowed.has(field))
      throw new MongoCommandError('UnknownBsonField', `BSON field '${name}.${field}' is an unknown field.`);
  }
  for (const field of NOT_IMPLEMENTED[name] ?? []) {
    const value = cmd[field];
    const set =
      value !== undefined &&
      value !== false &&
      !(typeof value === 'object' && value && Object.keys(value).length === 0);
    if (set)
      throw new MongoCommandError(
        'NotImplemented',
        `the ${name} option '${field}' is not supported by mongo-embedded`,
      );
  }
  if (name === 'update') checkStatements(cmd.updates, 'update.updates', UPDATE_STATEMENT);
  if (name === 'delete') checkStatements(cmd.deletes, 'delete.deletes', DELETE_STATEMENT);
}

function checkStatements(statements: unknown, where: string, allowed: Set<string>): void {
  if (!Array.isArray(statements)) return;
  for (const st of statements as Document[]) {
    for (const field of Object.keys(st ?? {})) {
      if (!allowed.has(field))
        throw new MongoCommandError(
          'UnknownBsonField',
          `BSON field '${where}.${field}' is an unknown field.`,
        );
    }
  }
}
