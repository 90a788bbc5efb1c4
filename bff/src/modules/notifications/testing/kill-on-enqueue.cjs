/**
 * Test hook for the outbox crash test: loaded with `node --require` into a BFF child process, it
 * kills that process (SIGKILL: no shutdown, no finally blocks) the moment the first job is about to be
 * added to the BullMQ queue named by TEST_KILL_ON_ENQUEUE — i.e. after the change and its outbox entry
 * were written to MongoDB and before anything reached Redis. Does nothing unless NODE_ENV=test and
 * TEST_KILL_ON_ENQUEUE are both set; the product never loads it.
 */
'use strict';

const queueName = process.env.TEST_KILL_ON_ENQUEUE;
if (process.env.NODE_ENV === 'test' && queueName) {
  const bullmq = require(require.resolve('bullmq', { paths: [__dirname] }));
  const patch = (method) => {
    const original = bullmq.Queue.prototype[method];
    bullmq.Queue.prototype[method] = function (...args) {
      if (this.name === queueName) {
        process.stderr.write(`kill-on-enqueue: ${method} on ${queueName}: killing process ${process.pid}\n`);
        process.kill(process.pid, 'SIGKILL');
      }
      return original.apply(this, args);
    };
  };
  patch('add');
  patch('addBulk');
}
