import { createPageMemory } from './catalog-query.service';

describe('page memory', () => {
  it('answers only for the version it holds and forgets older versions', () => {
    const memory = createPageMemory(2);
    memory.set(1, 'a', 'A1');
    expect(memory.get(1, 'a')).toBe('A1');
    expect(memory.get(2, 'a')).toBeUndefined();
    memory.set(2, 'b', 'B2');
    expect(memory.get(1, 'a')).toBeUndefined();
  });

  it('stays bounded', () => {
    const memory = createPageMemory(2);
    memory.set(1, 'a', 'A');
    memory.set(1, 'b', 'B');
    memory.set(1, 'c', 'C');
    expect([memory.get(1, 'a'), memory.get(1, 'b'), memory.get(1, 'c')]).toEqual([undefined, 'B', 'C']);
  });
});
