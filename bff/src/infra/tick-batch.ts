import DataLoader from 'dataloader';

/**
 * Coalesces the reads that requests ask for in the same turn of the event loop into ONE query or
 * command (a Mongo `$in` over their keys, one Redis `MGET` or script run), answered at the end of
 * that turn. Under a burst, hundreds of requests reach the same point look-up together (the
 * idempotency key of a refused attempt, the slot they want, their restrictions, their session);
 * one round trip instead of hundreds spares the per-operation cost on both sides.
 *
 * DataLoader does the batching, with its cache off: a request only ever joins a batch that has NOT
 * been sent yet, so the read runs after the request asked for it, exactly like its own read would
 * have. Nothing is remembered between batches.
 *
 * `run` gets the requests of one batch and answers one result per request, in the same order. A
 * failing `run` fails every request of its batch (each caller sees the error its own read would have).
 */
export function tickBatcher<Req, Res>(
  run: (requests: Req[]) => Promise<Res[]>,
  options: { maxBatch?: number } = {},
): (request: Req) => Promise<Res> {
  const loader = new DataLoader<Req, Res>((requests) => run([...requests]), {
    cache: false,
    maxBatchSize: options.maxBatch ?? 500,
    // After the I/O callbacks of this turn (where requests arrive), not at the next microtask.
    batchScheduleFn: (callback) => setImmediate(callback),
  });
  return (request) => loader.load(request);
}
