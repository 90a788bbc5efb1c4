import { tickBatcher } from './tick-batch';

describe('tickBatcher', () => {
  it('runs the asks of one turn together and answers each its own result', async () => {
    const runs: number[][] = [];
    const double = tickBatcher(async (xs: number[]) => {
      runs.push(xs);
      return xs.map((x) => x * 2);
    });
    expect(await Promise.all([double(1), double(2), double(3)])).toEqual([2, 4, 6]);
    expect(runs).toEqual([[1, 2, 3]]);
  });

  it('never joins a batch already sent: an ask made after the run started gets a run of its own', async () => {
    const runs: number[][] = [];
    let later: Promise<number> | undefined;
    const echo = tickBatcher(async (xs: number[]) => {
      runs.push(xs);
      later ??= echo(9); // asked while this batch is being read
      return xs;
    });
    expect(await echo(1)).toBe(1);
    expect(await later).toBe(9);
    expect(runs).toEqual([[1], [9]]);
  });

  it('fails every ask of a failing batch, and the next batch runs normally', async () => {
    let fail = true;
    const get = tickBatcher(async (xs: string[]) => {
      if (fail) throw new Error('down');
      return xs;
    });
    const results = await Promise.allSettled([get('a'), get('b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await get('c')).toBe('c');
  });

  it('splits at maxBatch', async () => {
    const sizes: number[] = [];
    const id = tickBatcher(
      async (xs: number[]) => {
        sizes.push(xs.length);
        return xs;
      },
      { maxBatch: 2 },
    );
    expect(await Promise.all([1, 2, 3, 4, 5].map(id))).toEqual([1, 2, 3, 4, 5]);
    expect(sizes).toEqual([2, 2, 1]);
  });
});
