import { generateDemoItems } from '../../catalog/demo/demo-catalog';
import { DEMO_ACCOUNTS } from '../../users/demo/demo-accounts';
import { DEMO_PARALLEL_ITEMS } from './demo-parallel-items';

describe('demo parallel items', () => {
  const items = new Map(generateDemoItems().map((i) => [i.code, i]));

  it('name demo items that exist, for the lead department of which a demo staff account exists', () => {
    for (const { itemCode } of DEMO_PARALLEL_ITEMS) {
      const item = items.get(itemCode);
      expect(item).toBeDefined();
      expect(DEMO_ACCOUNTS.some((a) => a.role === 'staff' && a.department === item!.departmentCode)).toBe(
        true,
      );
    }
  });

  it('every department a demo item routes parallel tasks to has a demo staff account', () => {
    const departments = new Set(DEMO_PARALLEL_ITEMS.flatMap((i) => i.coDepartments.map((d) => d.department)));
    for (const department of departments) {
      expect(DEMO_ACCOUNTS.filter((a) => a.role === 'staff' && a.department === department)).not.toHaveLength(
        0,
      );
    }
  });
});
