import { EJSON, ObjectId, type Document } from 'bson';
import { update as mingoUpdate } from 'mingo';
import { applyUpdate } from '../src/query/apply-update';
import { deepClone, withIdFirst } from '../src/query/values';

/**
 * applyUpdate answers plain `$set`/`$unset`/`$inc` without mingo (see applyPlainModifiers). The
 * answer must be mingo's to the letter: same document (field order included), same "changed".
 */
function viaMingo(stored: Document, update: Document): { doc: Document; changed: boolean } {
  const doc = deepClone(stored);
  const fields = mingoUpdate(doc, update, undefined, undefined, { cloneMode: 'deep' });
  return { doc: withIdFirst(doc), changed: fields.length > 0 };
}

const at = new Date('2026-10-13T01:00:00Z');
const id = new ObjectId();
const CASES: Array<[string, Document, Document]> = [
  ['set a new field', { _id: 1, a: 1 }, { $set: { b: 2 } }],
  ['set the same value', { _id: 1, a: 1 }, { $set: { a: 1 } }],
  ['set another value', { _id: 1, a: 1, b: 2 }, { $set: { a: 3 } }],
  ['set a path through missing documents', { _id: 1 }, { $set: { 'x.y.z': 'v' } }],
  ['set into an existing document', { _id: 1, x: { a: 1 } }, { $set: { 'x.b': 2 } }],
  [
    'set an equal document in another key order',
    { _id: 1, x: { a: 1, b: 2 } },
    { $set: { x: { b: 2, a: 1 } } },
  ],
  ['set the same date', { _id: 1, at }, { $set: { at: new Date(at.getTime()) } }],
  ['set an ObjectId', { _id: 1 }, { $set: { ref: id } }],
  ['set null over a value', { _id: 1, a: 1 }, { $set: { a: null } }],
  ['unset a field', { _id: 1, a: 1, b: 2 }, { $unset: { a: '' } }],
  ['unset a missing field', { _id: 1, a: 1 }, { $unset: { z: '' } }],
  ['unset under a missing document', { _id: 1, a: 1 }, { $unset: { 'x.y': '' } }],
  [
    'unset a nested field',
    { _id: 1, seats: { h1: { k: 'b' }, h2: { k: 'w' } } },
    { $unset: { 'seats.h1': '' } },
  ],
  ['inc a missing field', { _id: 1 }, { $inc: { n: 2 } }],
  ['inc an existing field', { _id: 1, n: 1 }, { $inc: { n: -1 } }],
  ['inc by zero', { _id: 1, n: 5 }, { $inc: { n: 0 } }],
  ['inc a missing field by zero', { _id: 1 }, { $inc: { n: 0 } }],
  ['inc by a fraction', { _id: 1, n: 1 }, { $inc: { n: 0.5 } }],
  [
    'take a seat (ledger)',
    { _id: 'S', capacity: 2, booked: 1, seats: { a: { k: 'b', at } }, closed: false },
    { $inc: { booked: 1 }, $set: { 'seats.b': { k: 'b', at } } },
  ],
  [
    'release a seat (ledger)',
    { _id: 'S', booked: 1, seats: { a: { k: 'b', at } } },
    { $inc: { booked: -1 }, $unset: { 'seats.a': '' } },
  ],
  [
    'transition a booking',
    { _id: id, status: 'pending', active: true, updatedAt: at },
    { $set: { status: 'rejected', rejectCode: 'SLOT_FULL', updatedAt: new Date(0) }, $unset: { active: '' } },
  ],
  ['new fields in modifier order', { _id: 1 }, { $set: { b: 1 }, $inc: { a: 1 } }],
  // Not plain: these go to mingo, which must still be what they get.
  ['set through an array', { _id: 1, arr: [{ a: 1 }] }, { $set: { 'arr.0.a': 2 } }],
  ['inc a string', { _id: 1, s: 'x' }, { $inc: { n: 1 } }],
];

describe('applyUpdate: plain $set / $unset / $inc answer what mingo answers', () => {
  it.each(CASES)('%s', (_name, stored, update) => {
    const before = EJSON.stringify(stored, { relaxed: false });
    const ours = applyUpdate(stored, deepClone(update), { isInsert: false });
    const theirs = viaMingo(stored, deepClone(update));
    expect(EJSON.stringify(ours.doc, { relaxed: false })).toBe(
      EJSON.stringify(theirs.doc, { relaxed: false }),
    );
    expect(Object.keys(ours.doc)).toEqual(Object.keys(theirs.doc));
    expect(ours.changed).toBe(theirs.changed);
    // The stored document is never touched.
    expect(EJSON.stringify(stored, { relaxed: false })).toBe(before);
  });

  it('copies set values (a later change to the command does not reach the stored document)', () => {
    const value = { k: 'b', tags: ['x'] };
    const { doc } = applyUpdate({ _id: 1 }, { $set: { v: value } }, { isInsert: false });
    value.tags.push('y');
    expect(doc.v).toEqual({ k: 'b', tags: ['x'] });
  });

  it('never walks into a prototype', () => {
    for (const update of [
      { $set: { '__proto__.polluted': 1 } },
      { $inc: { 'constructor.prototype.polluted': 1 } },
      { $set: { 'a.__proto__': { polluted: 1 } } },
    ]) {
      try {
        applyUpdate({ _id: 1, a: {} }, update, { isInsert: false });
      } catch {
        // mingo may refuse it: fine, as long as nothing leaked.
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });

  it('leaves conflicting paths to mingo (mongod refuses them)', () => {
    const update = { $set: { a: 1 }, $inc: { 'a.b': 1 } };
    let ours: unknown;
    let theirs: unknown;
    try {
      ours = applyUpdate({ _id: 1 }, deepClone(update), { isInsert: false });
    } catch (err) {
      ours = (err as Error).message;
    }
    try {
      theirs = viaMingo({ _id: 1 }, deepClone(update));
    } catch (err) {
      theirs = (err as Error).message;
    }
    expect(JSON.stringify(ours)).toBe(JSON.stringify(theirs));
  });
});
