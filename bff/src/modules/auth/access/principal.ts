import type { Role, StaffDuty } from '@app/shared';

/** The signed-in caller, from a verified access token: `ctx.state.auth` and `req.auth` in handlers. */
export interface Principal {
  userId: string;
  role: Role;
  /** The login session (refresh-token family) the access token belongs to. */
  sessionId: string;
  /** Staff: the department they work for. */
  department?: string;
  /** Staff: the halls they work in. */
  halls: string[];
  /** Staff: duties on top of their department (综合咨询, 投诉派单 / 承办 / 回访). */
  duties: StaffDuty[];
  /** Enterprise users: the enterprises they are an active member of. */
  enterprises: string[];
}

/**
 * Who a resource in the URL belongs to, as far as access is concerned. A route's resource loader
 * fills what applies (a case has a userId, maybe an enterpriseId, a department and halls).
 */
export interface Ownership {
  /** The person whose record it is. */
  userId?: string;
  /** The enterprise whose record it is: its active members reach it. */
  enterpriseId?: string;
  /** Staff of this department reach it. */
  department?: string;
  /** Staff of any of these halls reach it. */
  halls?: string[];
  /** Staff of any of these departments reach it (a case's parallel-task departments, a consultation's past departments, a complaint's co-departments). */
  departments?: string[];
  /** Staff holding any of these duties reach it whatever their department (the complaint desk; the 综合咨询 desk for a consultation with no department). */
  duties?: StaffDuty[];
  /** Any staff member who works in a hall reaches it (an enterprise's claim awaiting verification). */
  anyHallStaff?: boolean;
}

/**
 * The one rule for "may this caller reach that record" once their role is allowed on the route:
 * a person their own records, an enterprise member their enterprise's, staff their department's and
 * halls' (and their own), supervisors and admins everything.
 */
export function reaches(principal: Principal, owner: Ownership): boolean {
  if (owner.userId !== undefined && owner.userId === principal.userId) return true;
  switch (principal.role) {
    case 'supervisor':
    case 'admin':
      return true;
    case 'staff':
      return (
        (owner.department !== undefined && owner.department === principal.department) ||
        (owner.halls ?? []).some((hall) => principal.halls.includes(hall)) ||
        (principal.department !== undefined && (owner.departments ?? []).includes(principal.department)) ||
        (owner.duties ?? []).some((duty) => principal.duties.includes(duty)) ||
        (owner.anyHallStaff === true && principal.halls.length > 0)
      );
    case 'enterprise':
      return owner.enterpriseId !== undefined && principal.enterprises.includes(owner.enterpriseId);
    case 'citizen':
      return false;
  }
}
