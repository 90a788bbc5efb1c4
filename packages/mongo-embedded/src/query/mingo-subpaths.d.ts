/**
 * The parts of mingo's subpath modules (its package "exports") that group.ts uses. The repository's
 * "node" module resolution does not read "exports", so their own types are not found.
 */
declare module 'mingo/core' {
  export function evalExpr(obj: unknown, expr: unknown, options: unknown): unknown;
}
declare module 'mingo/lazy' {
  export interface Iterator {
    transform(fn: (items: unknown[]) => Iterator): Iterator;
  }
  export function Lazy(source: unknown[]): Iterator;
}
declare module 'mingo/util' {
  export function isOperator(name: string): boolean;
  export function resolve(obj: unknown, path: string): unknown;
}
declare module 'mingo/aggregator' {
  export class Aggregator {
    constructor(pipeline: unknown[], options?: unknown);
    run(collection: unknown[]): unknown[];
  }
}
