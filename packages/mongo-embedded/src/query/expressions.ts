import type { Document } from 'bson';
import { compareValues, typeOrder, valuesEqual } from './compare';

/** An aggregation expression compiled to a function of the document. */
export type Compiled = (doc: Document) => unknown;

/**
 * Operators `$group` evaluates once per document, compiled for the values they meet most (numbers,
 * strings, dates, arrays). For anything else — a Decimal128, a missing operand where MongoDB's
 * order of missing and null matters, a wrong type that must raise MongoDB's error — the compiled
 * function answers `fallback(doc)`: the whole expression evaluated by mingo, as before.
 * Answers undefined for an operator not listed (mingo evaluates it for every document).
 */
export function compileOperator(
  op: string,
  arg: unknown,
  child: (expr: unknown) => Compiled,
  fallback: Compiled,
): Compiled | undefined {
  const args = Array.isArray(arg) ? arg.map(child) : undefined;
  const one = !Array.isArray(arg) ? child(arg) : args?.length === 1 ? args[0] : undefined;
  switch (op) {
    case '$ifNull':
      if (!args || args.length < 2) return undefined;
      return (doc) => {
        for (let i = 0; i < args.length - 1; i++) {
          const v = args[i]!(doc);
          if (v !== null && v !== undefined) return v;
        }
        return args[args.length - 1]!(doc);
      };
    case '$size':
      if (!one) return undefined;
      return (doc) => {
        const v = one(doc);
        return Array.isArray(v) ? v.length : fallback(doc);
      };
    case '$cond': {
      const parts = args ?? condParts(arg, child);
      if (!parts || parts.length !== 3) return undefined;
      const [test, then, otherwise] = parts as [Compiled, Compiled, Compiled];
      return (doc) => {
        const t = truth(test(doc));
        return t === undefined ? fallback(doc) : t ? then(doc) : otherwise(doc);
      };
    }
    case '$and':
    case '$or': {
      const list = args ?? (one ? [one] : undefined);
      if (!list) return undefined;
      const want = op === '$or';
      return (doc) => {
        for (const f of list) {
          const t = truth(f(doc));
          if (t === undefined) return fallback(doc);
          if (t === want) return want;
        }
        return !want;
      };
    }
    case '$not':
      if (!one) return undefined;
      return (doc) => {
        const t = truth(one(doc));
        return t === undefined ? fallback(doc) : !t;
      };
    case '$eq':
    case '$ne':
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      if (!args || args.length !== 2) return undefined;
      const [left, right] = args as [Compiled, Compiled];
      const holds = COMPARISONS[op]!;
      return (doc) => {
        const a = left(doc);
        const b = right(doc);
        // Two plain values of one type here; missing against null, values of two types (ordered by
        // BSON type), arrays and documents by mingo's rules.
        if (!plain(a) || !plain(b) || typeOrder(a) !== typeOrder(b)) return fallback(doc);
        return holds(compareValues(a, b));
      };
    }
    case '$in': {
      if (!args || args.length !== 2) return undefined;
      const [needle, hay] = args as [Compiled, Compiled];
      return (doc) => {
        const v = needle(doc);
        const list = hay(doc);
        if (!plain(v) || !Array.isArray(list) || !list.every(plain)) return fallback(doc);
        return list.some((x) => valuesEqual(x, v));
      };
    }
    case '$add':
      if (!args) return undefined;
      return (doc) => {
        let sum = 0;
        let date = false;
        for (const f of args) {
          const v = f(doc);
          if (finite(v)) sum += v;
          else if (v instanceof Date && !date) {
            date = true;
            sum += v.getTime();
          } else return fallback(doc);
        }
        return date ? new Date(sum) : sum;
      };
    case '$subtract': {
      if (!args || args.length !== 2) return undefined;
      const [left, right] = args as [Compiled, Compiled];
      return (doc) => {
        const a = left(doc);
        const b = right(doc);
        if (finite(a) && finite(b)) return a - b;
        if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
        if (a instanceof Date && finite(b)) return new Date(a.getTime() - b);
        return fallback(doc);
      };
    }
    case '$divide': {
      if (!args || args.length !== 2) return undefined;
      const [left, right] = args as [Compiled, Compiled];
      return (doc) => {
        const a = left(doc);
        const b = right(doc);
        return finite(a) && finite(b) && b !== 0 ? a / b : fallback(doc);
      };
    }
    case '$round': {
      // Only to a whole number, and never at a half (MongoDB rounds halves to even): mingo otherwise.
      const value = args ? args[0] : one;
      const places = Array.isArray(arg) ? arg[1] : 0;
      if (!value || (places !== undefined && places !== 0)) return undefined;
      return (doc) => {
        const v = value(doc);
        return finite(v) && Math.abs(v % 1) !== 0.5 ? Math.round(v) + 0 : fallback(doc);
      };
    }
    case '$hour':
      if (!one || (!Array.isArray(arg) && isOptionsDocument(arg))) return undefined;
      return (doc) => {
        const v = one(doc);
        return v instanceof Date ? v.getUTCHours() : fallback(doc);
      };
    default:
      return undefined;
  }
}

const COMPARISONS: Record<string, (c: number) => boolean> = {
  $eq: (c) => c === 0,
  $ne: (c) => c !== 0,
  $gt: (c) => c > 0,
  $gte: (c) => c >= 0,
  $lt: (c) => c < 0,
  $lte: (c) => c <= 0,
};

/** `$cond` in its document form `{ if, then, else }`. */
function condParts(arg: unknown, child: (expr: unknown) => Compiled): Compiled[] | undefined {
  if (!arg || typeof arg !== 'object' || Array.isArray(arg)) return undefined;
  const spec = arg as Document;
  if (!('if' in spec) || !('then' in spec) || !('else' in spec) || Object.keys(spec).length !== 3)
    return undefined;
  return [child(spec.if), child(spec.then), child(spec.else)];
}

/**
 * The truth of a boolean, null, missing or a number (0 and NaN… as mingo has them: 0 false, NaN left
 * to mingo). Undefined answer = let mingo decide: strings, arrays, documents (mingo and MongoDB
 * disagree on the empty string).
 */
function truth(v: unknown): boolean | undefined {
  if (v === false || v === null || v === undefined || v === 0) return false;
  if (v === true) return true;
  if (typeof v === 'number') return Number.isNaN(v) ? undefined : true;
  return undefined;
}

/** A JS number other than NaN and ±Infinity (those, like BSON numbers, go to mingo). */
function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** null, a string, a number (not NaN), a boolean or a date: compared the same way by mingo and MongoDB. */
function plain(v: unknown): boolean {
  return (
    v === null ||
    typeof v === 'string' ||
    typeof v === 'boolean' ||
    (typeof v === 'number' && !Number.isNaN(v)) ||
    v instanceof Date
  );
}

/** `$hour: { date, timezone }` carries a time zone: mingo handles it. */
function isOptionsDocument(arg: unknown): boolean {
  return !!arg && typeof arg === 'object' && 'date' in (arg as Document);
}
