import type { ItemRef, ReferenceRepository } from '../repositories/reference.repository';

/** Names and codes of departments, halls and items, loaded once per figure computation. */
export interface Reference {
  items: ItemRef[];
  item(code: string): ItemRef | undefined;
  hasDepartment(code: string): boolean;
  hasHall(code: string): boolean;
  departmentName(code: string): string;
  hallName(code: string): string;
  itemName(code: string): string;
  departmentOfItem(code: string): string | undefined;
}

/** The 综合咨询 desk: consultations and complaints not (yet) with a department. */
export const NO_DEPARTMENT = '';
const NO_DEPARTMENT_NAME = '综合窗口（未分派部门）';

export async function loadReference(repo: ReferenceRepository): Promise<Reference> {
  const [departments, halls, items] = await Promise.all([repo.departments(), repo.halls(), repo.items()]);
  const byCode = new Map(items.map((i) => [i.code, i]));
  const itemDepartments = new Map<string, string>();
  const itemHalls = new Set<string>();
  for (const i of items) {
    if (!itemDepartments.has(i.departmentCode)) itemDepartments.set(i.departmentCode, i.departmentName);
    i.halls.forEach((h) => itemHalls.add(h));
  }
  return {
    items,
    item: (code) => byCode.get(code),
    hasDepartment: (code) => departments.has(code) || itemDepartments.has(code),
    hasHall: (code) => halls.has(code) || itemHalls.has(code),
    departmentName: (code) =>
      code === NO_DEPARTMENT
        ? NO_DEPARTMENT_NAME
        : (departments.get(code) ?? itemDepartments.get(code) ?? code),
    hallName: (code) => halls.get(code) ?? code,
    itemName: (code) => (code ? (byCode.get(code)?.name ?? code) : '（未关联事项）'),
    departmentOfItem: (code) => byCode.get(code)?.departmentCode,
  };
}
