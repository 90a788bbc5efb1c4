import type { Document } from 'bson';
import type { IndexSpec } from './index-spec';

/**
 * One change to the database, as the journal records it. Documents are full after-images, so
 * replaying a change needs nothing but the state the earlier changes left.
 */
export type Change =
  | { o: 'i'; db: string; c: string; d: Document }
  | { o: 'u'; db: string; c: string; d: Document }
  | { o: 'd'; db: string; c: string; id: unknown }
  | { o: 'cc'; db: string; c: string; opts: Document }
  | { o: 'dc'; db: string; c: string }
  | { o: 'ci'; db: string; c: string; spec: IndexSpec }
  | { o: 'di'; db: string; c: string; name: string }
  | { o: 'dd'; db: string };

/**
 * Where changes go as they are made. `undo` puts memory back as it was before the change; the
 * journal calls the undos (newest first) of every change it could not make durable.
 */
export interface ChangeSink {
  record(change: Change, undo: () => void): void;
}

export const NO_SINK: ChangeSink = { record: () => undefined };
