import type { Storage } from './storage';
import { getPathValues } from '../query/values';

/**
 * Deletes documents whose TTL-indexed date field (earliest date, for arrays) is older than
 * expireAfterSeconds. Docs without a date in that field never expire, as in mongod.
 */
export function sweepExpired(storage: Storage, now = Date.now()): number {
  let removed = 0;
  for (const coll of storage.allCollections()) {
    for (const spec of coll.indexes) {
      const fields = Object.keys(spec.key);
      if (spec.expireAfterSeconds === undefined || fields.length !== 1) continue;
      const cutoff = now - spec.expireAfterSeconds * 1000;
      const expired = coll.all().filter((doc) => {
        const dates = getPathValues(doc, fields[0])
          .flatMap((v) => (Array.isArray(v) ? v : [v]))
          .filter((v): v is Date => v instanceof Date);
        return dates.length > 0 && Math.min(...dates.map((d) => d.getTime())) <= cutoff;
      });
      for (const doc of expired) coll.remove(doc);
      if (expired.length) storage.touch(coll);
      removed += expired.length;
    }
  }
  return removed;
}
