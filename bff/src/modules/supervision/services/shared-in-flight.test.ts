import { sharedInFlight } from './shared-in-flight';

it('runs equal calls made at once only once, and runs again after they settle', async () => {
  let runs = 0;
  const repo = sharedInFlight({
    async rows(range: { from: string }, by: string) {
      runs++;
      await new Promise((r) => setTimeout(r, 10));
      return [{ from: range.from, by, run: runs }];
    },
  });
  const [a, b, c] = await Promise.all([
    repo.rows({ from: '2026-01-01' }, 'department'),
    repo.rows({ from: '2026-01-01' }, 'department'),
    repo.rows({ from: '2026-01-01' }, 'itemCode'),
  ]);
  expect(runs).toBe(2);
  expect(a).toBe(b);
  expect(c[0]!.by).toBe('itemCode');
  await repo.rows({ from: '2026-01-01' }, 'department');
  expect(runs).toBe(3);
});

it('passes a failure to every caller that waited, and forgets it', async () => {
  let runs = 0;
  const repo = sharedInFlight({
    async rows() {
      runs++;
      await new Promise((r) => setTimeout(r, 5));
      throw new Error('engine down');
    },
  });
  const results = await Promise.allSettled([repo.rows(), repo.rows()]);
  expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  await expect(repo.rows()).rejects.toThrow('engine down');
  expect(runs).toBe(2);
});

it('a call made after a run started waits for a run of its own, shared by the later callers', async () => {
  let runs = 0;
  const repo = sharedInFlight({
    async rows() {
      const run = ++runs;
      await new Promise((r) => setTimeout(r, 20));
      return run;
    },
  });
  const first = repo.rows();
  await new Promise((r) => setTimeout(r, 5)); // a write of the caller's could have landed here
  const [second, third] = await Promise.all([repo.rows(), repo.rows()]);
  expect(await first).toBe(1);
  expect([second, third]).toEqual([2, 2]);
  expect(runs).toBe(2);
});
