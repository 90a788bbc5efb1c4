import { listHalls } from '../../../services/catalog';
import { getMe } from '../../../services/users';

export interface HallRef {
  code: string;
  name: string;
}

/** The halls the signed-in staff member works at, with their names (codes when the catalog fails). */
export async function loadStaffHalls(): Promise<HallRef[]> {
  const me = await getMe();
  const names = me.halls.length ? await listHalls().catch(() => []) : [];
  return me.halls.map((code) => ({ code, name: names.find((h) => h.code === code)?.name ?? code }));
}
