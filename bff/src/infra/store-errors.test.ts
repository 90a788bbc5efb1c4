import { storeUnavailable } from './store-errors';

function named(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  const err = new Error(message);
  err.name = name;
  return Object.assign(err, extra);
}

describe('storeUnavailable', () => {
  it.each([
    ['ioredis command timeout', new Error('Command timed out'), 'redis'],
    [
      'ioredis offline queue off',
      new Error("Stream isn't writeable and enableOfflineQueue options is false"),
      'redis',
    ],
    ['ioredis closed', new Error('Connection is closed.'), 'redis'],
    [
      'ioredis retries',
      named('MaxRetriesPerRequestError', 'Reached the max retries per request limit'),
      'redis',
    ],
    ['Redis loading', named('ReplyError', 'LOADING Redis is loading the dataset in memory'), 'redis'],
    [
      'driver socket refused',
      named('MongoServerSelectionError', 'connect ECONNREFUSED 127.0.0.1:27017', { code: 'ECONNREFUSED' }),
      'mongodb',
    ],
    [
      'server selection',
      named('MongoServerSelectionError', 'Server selection timed out after 1500 ms'),
      'mongodb',
    ],
    ['mongoose selection', named('MongooseServerSelectionError', 'connect ECONNREFUSED'), 'mongodb'],
    ['network', named('MongoNetworkError', 'connection 3 to 127.0.0.1:27017 closed'), 'mongodb'],
    ['network timeout', named('MongoNetworkTimeoutError', 'connection timed out'), 'mongodb'],
    ['not connected', named('MongoNotConnectedError', 'Client must be connected'), 'mongodb'],
    ['pool cleared', named('MongoPoolClearedError', 'Connection pool was cleared'), 'mongodb'],
    [
      'buffering',
      named('MongooseError', 'Operation `cases.findOne()` buffering timed out after 1500ms'),
      'mongodb',
    ],
    [
      'wrapped in a cause',
      new Error('lookup failed', { cause: named('MongoNetworkError', 'socket closed') }),
      'mongodb',
    ],
  ])('%s → %s', (_label, err, kind) => {
    expect(storeUnavailable(err)).toBe(kind);
  });

  it.each([
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['a duplicate key', named('MongoServerError', 'E11000 duplicate key error', { code: 11000 })],
    ['a Redis script error', named('ReplyError', 'ERR Error running script')],
    ['a validation error', named('ValidationError', 'Path `name` is required.')],
    ['a client hanging up', Object.assign(new Error('aborted'), { code: 'ECONNRESET' })],
    ['not an object', 'oops'],
    ['nothing', undefined],
  ])('%s is not a store outage', (_label, err) => {
    expect(storeUnavailable(err)).toBeUndefined();
  });
});
