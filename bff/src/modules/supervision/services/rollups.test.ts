import { createTestEnv, type TestEnv } from '../../../../test/support/test-env';
import { caseModel } from '../../cases/models/case.model';
import { rawCaseDoc } from '../../cases/testing/case-fixtures';
import { createCaseRepository } from '../../cases/repositories/case.repository';
import { createFiguresRepository } from '../repositories/figures.repository';
import { createRollupRepository } from '../repositories/rollup.repository';
import { statsRollupModel } from '../models/stats-rollup.model';
import { STATS_MARK_FIELD } from '../stats-changes';
import { createRollups } from './rollups';

/**
 * The roll-ups against the real store: a day is computed once and kept; a write stamped on its
 * document (also one whose process died before anything else happened) makes the day be computed
 * again; a day that changed while it was being computed is not kept with the older rows.
 */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({ LOG_LEVEL: 'warn' });
});
afterAll(() => env.close());

const DAY = '2026-03-10';
const closedCase = (o: Record<string, unknown> = {}) =>
  rawCaseDoc({
    itemCode: 'ITEM-R1',
    department: 'dept-r',
    halls: ['HALL-R'],
    status: 'completed',
    trips: [{ at: new Date(`${DAY}T02:00:00Z`), source: 'window' }],
    submittedAt: new Date(`${DAY}T01:00:00Z`),
    acceptedDate: DAY,
    closedDate: DAY,
    dueDate: DAY,
    processingDays: 2,
    ...o,
  });

/** A case received, accepted, due and closed on this day. */
const datesOn = (day: string) => ({
  closedDate: day,
  acceptedDate: day,
  dueDate: day,
  submittedAt: new Date(`${day}T01:00:00Z`),
});

function rollupsOf() {
  const connection = env.mongo.connection;
  const store = createRollupRepository(connection);
  const context = async () => ({ departmentOfItem: () => undefined });
  return { store, rollups: createRollups({ store, figures: createFiguresRepository(connection), context }) };
}
const closedOn = async (rollups: ReturnType<typeof rollupsOf>['rollups']) => {
  const [day] = await rollups.days('closed', DAY, DAY);
  return day!.rows.reduce((a, r) => a + r.n, 0);
};

test('a day is computed once and kept; a stamped write has it computed again, and its stamp is cleared', async () => {
  const { rollups } = rollupsOf();
  const cases = createCaseRepository(env.mongo.connection);
  const Cases = caseModel(env.mongo.connection);
  await cases.insertMany([closedCase()]);
  expect(await closedOn(rollups)).toBe(1);
  const kept = await statsRollupModel(env.mongo.connection).findById(`closed|${DAY}`).lean().exec();
  expect(kept).toMatchObject({ gen: 1, rolled: 1 });
  expect(await Cases.countDocuments({ [STATS_MARK_FIELD]: { $exists: true } })).toBe(0);

  // A document written past the repositories (no stamp): the kept day is what answers.
  const unseen = closedCase();
  await Cases.collection.insertOne(unseen as never);
  expect(await closedOn(rollups)).toBe(1);

  // The stamp a write leaves in its own update (here as a writer that died right after) is enough.
  await Cases.collection.updateOne(
    { _id: unseen._id },
    { $set: { [STATS_MARK_FIELD]: 'died-after-writing' } },
  );
  expect(await closedOn(rollups)).toBe(2);

  // Through the repository's write path: a case closed on the day is counted at the next read.
  await cases.insertMany([closedCase({ trips: [] })]);
  const [day] = await rollups.days('closed', DAY, DAY);
  const row = day!.rows.find((r) => r.i === 'ITEM-R1')!;
  expect(row).toMatchObject({ n: 3, atMostOne: 3, b: [1, 2, 0, 0], wd: [[2, 3]] });
});

test('rows computed before the day changed are not kept over the change', async () => {
  const { store } = rollupsOf();
  const day = '2026-03-11';
  await store.invalidate('closed', [day]); // gen 1: somebody changed the day…
  await store.store('closed', [{ day, gen: 0, views: { rows: [{ stale: true }] } }], 2); // …read at gen 0
  const [doc] = await store.read('closed', day, day);
  expect(doc).toMatchObject({ gen: 1 });
  expect(doc!.rolled).toBeUndefined();
  await store.store('closed', [{ day, gen: 1, views: { rows: [] } }], 2);
  const [again] = await store.read('closed', day, day);
  expect(again).toMatchObject({ gen: 1, rolled: 1, rows: [] });
});

test('reads at once while writes go on never lose a write', async () => {
  const { rollups } = rollupsOf();
  const cases = createCaseRepository(env.mongo.connection);
  const day = '2026-03-12';
  const onDay = datesOn(day);
  for (let k = 0; k < 10; k++) {
    await Promise.all([
      cases.insertMany([closedCase(onDay)]),
      rollups.days('closed', day, day),
      rollups.days('closed', day, day),
    ]);
  }
  const [d] = await rollups.days('closed', day, day);
  expect(d!.rows.reduce((a, r) => a + r.n, 0)).toBe(10);
});

test('the top view (by department) adds up to the rows', async () => {
  const { rollups } = rollupsOf();
  const cases = createCaseRepository(env.mongo.connection);
  const day = '2026-03-13';
  const onDay = datesOn(day);
  await cases.insertMany([
    closedCase({ ...onDay, itemCode: 'ITEM-R2', processingDays: 4 }),
    closedCase({ ...onDay, itemCode: 'ITEM-R3', trips: [], processingDays: 4 }),
    closedCase({
      ...onDay,
      itemCode: 'ITEM-R3',
      halls: ['HALL-Q'],
      department: 'dept-q',
      dueDate: '2026-03-01',
    }),
  ]);
  const [rows] = await rollups.days('closed', day, day, 'rows');
  const [top] = await rollups.days('closed', day, day, 'top');
  expect(rows!.rows).toHaveLength(3);
  expect(top!.rows).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        d: 'dept-r',
        i: '',
        h: [],
        n: 2,
        onTime: 2,
        trips: 1,
        b: [1, 1, 0, 0],
        wd: [[4, 2]],
      }),
      expect.objectContaining({ d: 'dept-q', i: '', h: [], n: 1, onTime: 0, wd: [[2, 1]] }),
    ]),
  );
  expect(top!.rows).toHaveLength(2);
  const [items] = await rollups.itemDays(day, day);
  expect([...items!.rows].sort()).toEqual([
    ['ITEM-R2', 1, 0],
    ['ITEM-R3', 2, 0],
  ]);
});

test('a day kept in an older shape of rows is computed again', async () => {
  const { store, rollups } = rollupsOf();
  const day = '2026-03-14';
  await store.store('closed', [{ day, gen: 0, views: { rows: [{ old: true }], top: [{ old: true }] } }], 1);
  const [d] = await rollups.days('closed', day, day, 'top');
  expect(d!.rows).toEqual([]);
  const [doc] = await store.read('closed', day, day, 'top');
  expect(doc).toMatchObject({ format: 2, rows: [] });
});

test('a caller joins a load that started before its write, and still counts the write', async () => {
  const connection = env.mongo.connection;
  const real = createRollupRepository(connection);
  let gated = false;
  let reads = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let readDone!: () => void;
  const readBeforeWrite = new Promise<void>((r) => (readDone = r));
  // While gated, a load's read answers only once the test lets it (it read the day before the write).
  const store = {
    ...real,
    async read(...args: Parameters<typeof real.read>) {
      const docs = await real.read(...args);
      if (!gated) return docs;
      reads++;
      readDone();
      await gate;
      return docs;
    },
  };
  const rollups = createRollups({
    store,
    figures: createFiguresRepository(connection),
    context: async () => ({ departmentOfItem: () => undefined }),
  });
  const cases = createCaseRepository(connection);
  const day = '2026-03-15';
  const onDay = datesOn(day);
  const count = (d: ReadonlyArray<{ rows: ReadonlyArray<{ n: number }> }>) =>
    d[0]!.rows.reduce((a, r) => a + r.n, 0);
  await cases.insertMany([closedCase(onDay)]);
  expect(count(await rollups.days('closed', day, day))).toBe(1); // computed and kept

  gated = true;
  const first = rollups.days('closed', day, day);
  await readBeforeWrite;
  await cases.insertMany([closedCase(onDay)]); // finishes before the second caller asks
  const second = rollups.days('closed', day, day);
  await new Promise((r) => setTimeout(r, 50)); // the second caller's fold runs, then it joins the load
  release();
  expect(count(await first)).toBe(1); // asked before the write: the kept day is its answer
  expect(count(await second)).toBe(2);
  expect(reads).toBe(1); // one load, shared
  gated = false;
  expect(count(await rollups.days('closed', day, day))).toBe(2); // and the day was kept afresh
});
